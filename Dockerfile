# One image for every placewatch role; the role is chosen by the command (`start --role analyzer`).
# The build stage compiles the TypeScript to dist/ (scripts/build.js); the image runs dist/ with
# production dependencies only, so no role transpiles at start.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY . .
COPY --from=build /app/dist ./dist
USER node
ENTRYPOINT ["node", "bin/placewatch.js"]
