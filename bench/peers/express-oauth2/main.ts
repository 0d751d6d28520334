/**
 * Peer: Express 5 with Auth0's express-oauth2-jwt-bearer, the usual Express recipe.
 */
import express, { type ErrorRequestHandler } from 'express';
import { auth } from 'express-oauth2-jwt-bearer';
import { peerOptions } from '../peer.options.js';

const options = peerOptions();
const app = express();
app.disable('x-powered-by');

app.get('/health/live', (_req, res) => {
  res.json({ status: 'ok' });
});

app.get(
  '/me',
  auth({
    issuer: options.issuer,
    audience: options.audience,
    jwksUri: options.jwksUri,
    tokenSigningAlg: options.algorithms[0],
  }),
  (req, res) => {
    res.json({ sub: req.auth?.payload.sub });
  },
);

const unauthorized: ErrorRequestHandler = (error: { status?: number }, _req, res, _next) => {
  res.status(error.status ?? 500).json({ message: 'Unauthorized' });
};
app.use(unauthorized);

app.listen(options.port, '127.0.0.1');
