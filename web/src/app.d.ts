// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    interface Error {
      message: string;
      code?: string;
    }
    interface PageState {
      taskId?: string;
      /** Set by the page that saved, so the page it goes to can say so. */
      saved?: 'draft' | 'changes' | 'published';
    }
  }
}

export {};
