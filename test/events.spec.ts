import { SUBGRAPH_NAMES } from '../kernel/config';
import { SUBGRAPH_DEFINITIONS } from '../subgraphs';
import { EVENT_ROUTES } from '../subgraphs/events';

/** The event contract (X2): every routed type has a handler in its consumer, and every handler a route. */
describe('subgraphs/events.ts', () => {
  it('routes each event type only to subgraphs that handle it', () => {
    for (const [type, consumers] of Object.entries(EVENT_ROUTES)) {
      for (const consumer of consumers) expect([type, consumer, type in SUBGRAPH_DEFINITIONS[consumer].eventHandlers]).toEqual([type, consumer, true]);
    }
  });

  it('declares a route for every event a subgraph handles', () => {
    for (const name of SUBGRAPH_NAMES) {
      for (const type of Object.keys(SUBGRAPH_DEFINITIONS[name].eventHandlers)) {
        expect([type, EVENT_ROUTES[type]?.includes(name) ?? false]).toEqual([type, true]);
      }
    }
  });
});
