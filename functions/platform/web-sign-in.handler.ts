import { requiredEnv } from './env';
import type { Operation } from './http/route';
import type { Routes } from '../routes';
import { WebSignIn } from './web-sign-in';

/** GET /v1/public/sign-in — where the web pages send people to sign in, and the web client they sign in to (WEB_SIGN_IN). */
export const getWebSignIn: Operation<Routes['getWebSignIn']> = async () => ({ body: WebSignIn.parse(JSON.parse(requiredEnv('WEB_SIGN_IN'))) });
