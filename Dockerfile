# One image for the four processes of the graph and the migrate step; docker-compose.yml picks
# the entry point. Node 20, a line package.json's engines accepts (test/docker-compose.spec.ts checks).
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY kernel kernel
COPY gateway gateway
COPY subgraphs subgraphs
COPY scripts scripts
COPY bench bench
COPY test test
COPY jest.config.ts ./
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY schema schema
COPY kernel/common-passwords.txt kernel/common-passwords.txt
# The explorer's page and script, served as they are (gateway/explorer.ts).
COPY gateway/explorer gateway/explorer
USER node
