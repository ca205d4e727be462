import type { Operation } from './http/route';
import type { Routes } from '../routes';
import { webSignIn } from './web-sign-in';

/** GET /v1/public/sign-in — where the web pages send people to sign in, and the web client they sign in to. */
export const getWebSignIn: Operation<Routes['getWebSignIn']> = async () => ({ body: webSignIn() });
