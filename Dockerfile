# Treaty image: the same `npm ci && npm start` as on a laptop, on Node 20.
FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY cli ./cli
COPY bin ./bin
COPY migrations ./migrations
ENV HOST=0.0.0.0 PORT=9292 TREATY_DATA_DIR=/data
VOLUME /data
EXPOSE 9292
CMD ["npm", "start"]
