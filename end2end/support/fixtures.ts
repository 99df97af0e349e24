// The `app` fixture: every test gets its own server on its own freshly seeded database, and
// the page's baseURL points at it, so `page.goto('/')` opens that server.
//
// Starting one takes well under a second, so tests never share state.

import { test as base, expect } from '@playwright/test';

import { startServer } from './server';

export interface App {
  baseURL: string;
}

export const test = base.extend<{ app: App }>({
  app: async ({}, use, testInfo) => {
    const server = await startServer();
    try {
      await use({ baseURL: server.baseURL });
    } finally {
      await server.stop();
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('server log', { body: server.log(), contentType: 'text/plain' });
      }
    }
  },
  baseURL: async ({ app }, use) => {
    await use(app.baseURL);
  },
});

export { expect };
