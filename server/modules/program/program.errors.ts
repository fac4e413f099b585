import { forbidden } from '../../errors.ts';

export const programOfficeOnly = () => forbidden('Only program offices and administrators see the program workspace.');
