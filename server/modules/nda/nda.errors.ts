import { AppError } from '../../errors.ts';

export const staleNdaVersion = (currentVersion: number) =>
  new AppError(409, 'nda.stale_version', `The NDA changed while you were reading it: read version ${currentVersion} and accept it.`, { currentVersion });
