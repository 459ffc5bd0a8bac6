/** An execution's whole history through GetExecutionHistory, as the ops tools read it. */
import { GetExecutionHistoryCommand, type HistoryEvent, type SFNClient } from '@aws-sdk/client-sfn';

/** AWS keeps at most 25,000 events per execution: 25 pages of 1,000. */
const MAX_HISTORY_PAGES = 25;

/**
 * Every page of the history, oldest first; `onPage` hears how many events are loaded so far.
 * Errors of the service (ExecutionDoesNotExist, unreachable) are thrown as the SDK throws them.
 */
export async function readExecutionHistory(
  sfn: SFNClient,
  executionArn: string,
  options: { includeExecutionData: boolean; onPage?: (loaded: number) => void },
): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await sfn.send(
      new GetExecutionHistoryCommand({
        executionArn,
        maxResults: 1000,
        includeExecutionData: options.includeExecutionData,
        ...(nextToken ? { nextToken } : {}),
      }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
    pages++;
    options.onPage?.(events.length);
  } while (nextToken && pages < MAX_HISTORY_PAGES);
  return events;
}
