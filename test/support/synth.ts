import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../infra/app';

export type Resource = { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, unknown>; DeletionPolicy?: string };
export type Resources = Record<string, Resource>;

/** The CDK app synthesized once per test file (no bundling: the stacks are under test, not esbuild). */
export function synthesize(context: Record<string, unknown> = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-'));
  // What the mainland profile requires of cdk.json (its identity service and messaging gateway), as `cdk synth` reads it.
  const cdkContext = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;
  const mainlandContext = Object.fromEntries(['powerpermit:oidc', 'powerpermit:notifyGatewayUrl'].map((k) => [k, cdkContext[k]]));
  const built = buildApp(new App({ outdir, context: { 'aws:cdk:bundling-stacks': [], ...mainlandContext, ...context } }));
  built.app.synth();
  const appT = Template.fromStack(built.appStack);
  const apiT = Template.fromStack(built.appStack.apiStack);
  return {
    ...built,
    outdir,
    appT,
    apiT,
    dataT: Template.fromStack(built.stateful),
    appResources: appT.toJSON().Resources as Resources,
    apiResources: apiT.toJSON().Resources as Resources,
  };
}
