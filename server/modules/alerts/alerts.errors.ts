import { AppError, notFound } from '../../errors.ts';
import { SAVED_SEARCHES_MAX } from '../../../shared/schemas/alerts.ts';

export const savedSearchNotFound = () => notFound('saved_searches.not_found', 'The saved search');
export const savedSearchLimitReached = () =>
  new AppError(409, 'saved_searches.limit_reached', `You can keep at most ${SAVED_SEARCHES_MAX} saved searches. Delete one first.`);
export const notificationNotFound = () => notFound('notifications.not_found', 'The notification');
export const websocketRequired = () =>
  new AppError(426, 'notifications.websocket_required', 'Open this address as a WebSocket to receive notifications live.');
