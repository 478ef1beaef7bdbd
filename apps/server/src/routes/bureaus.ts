/** `GET /api/bureaus`: the workspace's bureaus (`BUREAU_OPTION` of @hegao/contract), for assigning sections and filtering boards. */
import { Hono } from 'hono';
import { listBureaus } from '@hegao/storage';
import type { HonoEnv } from '../http/env.js';
import { requireUser } from '../http/middleware.js';
import { presentBureau } from '../presenters/office.js';

/** Routes for reading the bureaus (anyone signed in: their names are on every report anyway). */
export const bureauRoutes = new Hono<HonoEnv>().get('/bureaus', requireUser, async (c) => {
  const bureaus = await listBureaus(c.get('ctx').db);
  return c.json(bureaus.map(presentBureau));
});
