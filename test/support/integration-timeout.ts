// Integration and end-to-end tests start emulators and run workflows: on a loaded 2-core machine they take far
// longer than jest's 5 s default. Their waits poll for the awaited state; this only bounds a hang.
jest.setTimeout(180_000);
