import { createApiClient } from './client';

/** The application's API client, talking to the page's own origin. */
export const api = createApiClient();
