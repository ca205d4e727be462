import { withResourceScope } from '../functions/platform/env';
import { type Needs, type ResourceBinding, resourceEnvironment } from '../functions/platform/needs';
import { STATE_MACHINES } from '../functions/tasks';
import { type FunctionRef, needsOf } from '../functions/wiring';

/**
 * What a Lambda's environment is in AWS, per invocation on one laptop: every handler shares this
 * process, so each call runs inside a scope holding exactly the resource variables its function's
 * manifest row declares (functions/wiring.ts). A handler reaching for anything else fails here as
 * it would deployed, instead of working locally only.
 */
export class LocalResourceScope {
  private binding?: ResourceBinding;

  bind(binding: ResourceBinding): void {
    this.binding = binding;
  }

  run<T>(fn: FunctionRef, call: () => T): T {
    if (!this.binding) throw new Error('the local resource binding is not set yet');
    return withResourceScope(resourceEnvironment(needsOf(fn), this.binding), call);
  }
}

/** Every resource at once: what the operator's shell, scripts and tests see outside any function's scope. */
export const everything: Needs = {
  table: 'read-write',
  documents: { '': ['read', 'write'] },
  audit: { '': ['read', 'write'] },
  seal: 'sign',
  personalData: ['seal', 'open'],
  hotline: ['secrets', 'callback'],
  notify: ['email', 'sms'],
  starts: STATE_MACHINES,
};
