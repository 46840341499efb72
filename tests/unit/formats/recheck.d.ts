// The part of recheck (a ReDoS checker) that linear.test.ts uses. Declared here so the typecheck of a
// worktree whose node_modules predates the dependency still passes; the package is in devDependencies.
declare module 'recheck' {
  export function checkSync(source: string, flags: string, params?: { timeout?: number | null }): { status: 'safe' | 'vulnerable' | 'unknown'; complexity?: { type: string } };
}
