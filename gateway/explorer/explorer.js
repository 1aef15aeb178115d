// The explorer page's script (plain browser JavaScript, served as it is by gateway/explorer.ts).
// GraphiQL, React and ReactDOM are the globals of the UMD bundles loaded before it.
'use strict';

(function explorer() {
  const GRAPHQL = '/graphql';
  const byId = (id) => document.getElementById(id);
  /** The signed-in session, in memory only: a reload signs out, and no token lands in storage. */
  let session = null;
  let operations = [];
  /** The operation the picker put in the active tab, if any. */
  let picked;
  let root;

  function notice(text) {
    byId('notice').textContent = text || '';
  }

  /**
   * Sends GraphiQL's requests to the gateway with the session's access token; an Authorization
   * header typed in GraphiQL's Headers editor wins over it. A new fetcher after every sign-in
   * or sign-out makes GraphiQL introspect again as the new identity (in production only staff
   * may).
   */
  function makeFetcher() {
    const token = session && session.accessToken;
    return async function fetcher(params, options) {
      const headers = { 'content-type': 'application/json', accept: 'application/json', 'apollographql-client-name': 'explorer' };
      if (token) headers.authorization = 'Bearer ' + token;
      for (const [name, value] of Object.entries((options && options.headers) || {})) headers[name.toLowerCase()] = String(value);
      const response = await fetch(GRAPHQL, { method: 'POST', headers, body: JSON.stringify(params) });
      return response.json();
    };
  }
  let fetcher = makeFetcher();

  function render() {
    root.render(
      React.createElement(GraphiQL, {
        fetcher,
        // Every client operation is a tab the first time (GraphiQL keeps the tabs in this
        // browser's storage afterwards); the web portal's Dashboard comes first.
        defaultTabs: operations.map((o) => ({ query: o.query, variables: o.variables })),
        query: picked ? picked.query : undefined,
        variables: picked ? picked.variables : undefined,
        defaultEditorToolsVisibility: true,
        shouldPersistHeaders: false,
      }),
    );
  }

  function fillPicker() {
    const select = byId('operation');
    select.textContent = '';
    const placeholder = document.createElement('option');
    placeholder.value = '';
    placeholder.textContent = 'Open in this tab…';
    select.append(placeholder);
    const clients = [...new Set(operations.map((o) => o.client))];
    for (const client of clients) {
      const group = document.createElement('optgroup');
      group.label = client;
      for (const operation of operations.filter((o) => o.client === client)) {
        const option = document.createElement('option');
        option.value = operation.name;
        option.textContent = operation.name + ' (' + operation.type + ')';
        group.append(option);
      }
      select.append(group);
    }
    select.addEventListener('change', () => {
      const operation = operations.find((o) => o.name === select.value);
      select.value = '';
      if (!operation) return;
      // GraphiQL replaces the editors' text when these props change: clear them first so that
      // picking the same operation again restores it.
      picked = undefined;
      render();
      setTimeout(() => {
        picked = operation;
        render();
      });
    });
  }

  function showSession() {
    byId('sign-in').hidden = Boolean(session);
    byId('session').hidden = !session;
    if (session) {
      byId('session-email').textContent = session.email;
      byId('session-until').textContent = new Date(session.expiresAt).toLocaleTimeString();
    }
  }

  function setSession(next, message) {
    // No timer of its own for the token's expiry: this browser's clock need not agree with the
    // gateway's. Once the token has expired the gateway answers UNAUTHENTICATED, and one signs in again.
    session = next;
    notice(message);
    fetcher = makeFetcher();
    showSession();
    render();
  }

  /** Signs in with the client contract's SignIn operation, sent as written (a trusted document). */
  async function signIn(event) {
    event.preventDefault();
    const operation = operations.find((o) => o.name === 'SignIn');
    const email = byId('email').value.trim();
    const password = byId('password');
    notice('Signing in…');
    try {
      const response = await fetch(GRAPHQL, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'apollographql-client-name': 'explorer' },
        body: JSON.stringify({ query: operation.query, operationName: 'SignIn', variables: { email, password: password.value } }),
      });
      const body = await response.json();
      const result = body.data && body.data.signIn;
      if (result && result.__typename === 'Session') {
        password.value = '';
        setSession({ email, accessToken: result.accessToken, expiresAt: result.expiresAt }, '');
      } else {
        notice((result && result.message) || (body.errors && body.errors[0] && body.errors[0].message) || 'Sign-in failed.');
      }
    } catch (error) {
      notice('The gateway did not answer: ' + error.message);
    }
  }

  async function start() {
    byId('sandbox').href = 'https://studio.apollographql.com/sandbox/explorer?endpoint=' + encodeURIComponent(location.origin + GRAPHQL);
    byId('sign-in').addEventListener('submit', signIn);
    byId('sign-out').addEventListener('click', () => setSession(null, 'Signed out.'));
    const response = await fetch('/explorer/operations.json');
    operations = (await response.json()).operations;
    fillPicker();
    showSession();
    // The first time in this browser, the first tab (Dashboard) opens with its variables too:
    // GraphiQL 4 fills only the query editor from `defaultTabs` at start.
    if (!localStorage.getItem('graphiql:tabState')) picked = operations[0];
    root = ReactDOM.createRoot(byId('graphiql'));
    render();
  }

  start().catch((error) => notice('The explorer could not start: ' + error.message));
})();
