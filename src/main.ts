// Process entry. The heap is set up first and the server loaded only afterwards, by a dynamic import: every static
// import of a module (and of the packages it uses) is evaluated before that module's own code runs, so settings
// made after a static import of the server would come after the whole application had already loaded.
import './heap.ts';

await import('./serve.ts');
