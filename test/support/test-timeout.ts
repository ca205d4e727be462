// On a loaded 2-core machine (CI, or a second `npm test` beside this one) a bundle, a PDF render or a workflow
// takes far longer than jest's 5 s default. Tests poll for the awaited state; this only bounds a hang.
jest.setTimeout(180_000);
