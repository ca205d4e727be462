import { App, type NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../infra/app';

export type Resource = { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, unknown>; DeletionPolicy?: string };
export type Resources = Record<string, Resource>;
type TemplateJson = { Resources: Resources; Parameters?: Record<string, unknown> };

/** The CDK app synthesized once per test file (no bundling: the stacks are under test, not esbuild). */
export function synthesize(context: Record<string, unknown> = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-'));
  // What the mainland profile requires of cdk.json (its identity service and messaging gateway), as `cdk synth` reads it.
  const cdkContext = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;
  const mainlandContext = Object.fromEntries(['powerpermit:oidc', 'powerpermit:oidcWebClient', 'powerpermit:notifyGatewayUrl'].map((k) => [k, cdkContext[k]]));
  const built = buildApp(new App({ outdir, context: { 'aws:cdk:bundling-stacks': [], ...mainlandContext, ...context } }));
  built.app.synth();
  const appT = Template.fromStack(built.appStack);
  const api = restApiTemplates(built.appStack, built.appStack.apiStack, built.appStack.apiStack.routeStacks);
  return {
    ...built,
    outdir,
    appT,
    /** The REST API's stacks as one template (the API stack and its route stacks; logical ids are unique across them). */
    apiT: Template.fromJSON({ Resources: api.resources }),
    dataT: Template.fromStack(built.stateful),
    appResources: appT.toJSON().Resources as Resources,
    apiResources: api.resources,
    apiStackResources: Template.fromStack(built.appStack.apiStack).toJSON().Resources as Resources,
    routeStackResources: built.appStack.apiStack.routeStacks.map((s) => Template.fromStack(s).toJSON().Resources as Resources),
    /** The API path of an API Gateway resource, or of the resource a method is on, by logical id, in whichever stack. */
    apiPath: api.pathOf,
    /** The logical id (in the app stack) of the function a method's integration invokes. */
    apiFunctionOf: api.functionOf,
    /** The logical id a reference held by an API resource names, followed through the nested stacks' parameters. */
    apiReferenceOf: api.referenceOf,
  };
}

/**
 * The REST API's templates and how to follow a reference through them: a route stack names the API's `/v1` by a
 * parameter its parent (the API stack) fills, and a function by a parameter filled from the app stack's.
 */
function restApiTemplates(app: Stack, apiStack: NestedStack, routeStacks: readonly NestedStack[]) {
  const json = (s: Stack) => Template.fromStack(s).toJSON() as TemplateJson;
  const stacks = [apiStack, ...routeStacks].map((s) => ({ stack: s, t: json(s), parent: Stack.of(s.nestedStackResource!) }));
  const appT = json(app);
  const templateOf = (s: Stack): TemplateJson => (s === app ? appT : stacks.find((x) => x.stack === s)!.t);
  const resources: Resources = {};
  for (const { t } of stacks)
    for (const [id, r] of Object.entries(t.Resources)) {
      if (resources[id]) throw new Error(`logical id ${id} in two API stacks`);
      resources[id] = r;
    }
  const owner = new Map(stacks.flatMap(({ stack, t }) => Object.keys(t.Resources).map((id) => [id, stack as Stack] as const)));

  /** A `{Ref}` or `{Fn::GetAtt}` followed up through nested-stack parameters to the resource it names: [stack, logical id, attribute?]. */
  const follow = (value: unknown, within: Stack): [Stack, string, string?] | undefined => {
    const v = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
    const [id, attr] = v?.Ref ? [v.Ref, undefined] : (v?.['Fn::GetAtt'] ?? [undefined, undefined]);
    if (!id) return undefined;
    const t = templateOf(within);
    if (t.Resources[id]) return [within, id, attr];
    if (!t.Parameters?.[id] || within === app) return undefined;
    const nested = within as NestedStack;
    const parent = Stack.of(nested.nestedStackResource!);
    const passed = (templateOf(parent).Resources[parent.getLogicalId(nested.nestedStackResource!)]!.Properties.Parameters as Record<string, unknown>)[id];
    return follow(passed, parent);
  };
  const pathOfRef = (ref: unknown, within: Stack): string => {
    const at = follow(ref, within);
    if (!at) return '';
    const [stack, id, attr] = at;
    const r = templateOf(stack).Resources[id]!;
    if (r.Type === 'AWS::ApiGateway::RestApi' && attr === 'RootResourceId') return '';
    if (r.Type !== 'AWS::ApiGateway::Resource') return '';
    return `${pathOfRef(r.Properties.ParentId, stack)}/${r.Properties.PathPart as string}`;
  };
  /** The path of an API resource, or of the resource a method is on, by its logical id. */
  const pathOf = (id: string): string => {
    const r = resources[id];
    const stack = owner.get(id);
    if (!r || !stack) return '';
    if (r.Type === 'AWS::ApiGateway::Method') return pathOfRef(r.Properties.ResourceId, stack);
    if (r.Type === 'AWS::ApiGateway::Resource') return `${pathOfRef(r.Properties.ParentId, stack)}/${r.Properties.PathPart as string}`;
    return '';
  };
  /** The app-stack function a method's integration invokes (its logical id), followed through the nested stacks' parameters. */
  const functionOf = (methodId: string): string | undefined => {
    const uri = JSON.stringify((resources[methodId]?.Properties.Integration as { Uri?: unknown } | undefined)?.Uri ?? '');
    for (const [, ref] of uri.matchAll(/"Ref":"(\w+)"/g)) {
      const at = follow({ Ref: ref }, owner.get(methodId)!);
      if (at && at[0] === app) return at[1];
    }
    return undefined;
  };
  /** The logical id of the resource a value held by `heldBy` refers to, in the API's stacks or the app stack. */
  const referenceOf = (value: unknown, heldBy: string): string | undefined => follow(value, owner.get(heldBy)!)?.[1];
  return { resources, pathOf, functionOf, referenceOf };
}

/**
 * A CloudFormation string value as text, references written `${Ref}` / `${Resource.Attribute}`: what a
 * template test can compare with the string the code builds from the same tokens.
 */
export function templateText(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as { 'Fn::Join'?: [string, unknown[]]; Ref?: string; 'Fn::GetAtt'?: [string, string] };
  if (v['Fn::Join']) return v['Fn::Join'][1].map(templateText).join(v['Fn::Join'][0]);
  if (v.Ref) return `\${${v.Ref}}`;
  if (v['Fn::GetAtt']) return `\${${v['Fn::GetAtt'].join('.')}}`;
  throw new Error(`not a string value: ${JSON.stringify(value)}`);
}
