import { describe, expectTypeOf, it } from 'vitest';
import type { Answered, CommandAnswer, CommandResults } from './answers';
import type { CommandName } from './commands';
import type { ClientToServerEvents, FeedEvent, PublicHallEvent, ServerToClientEvents, StaffHallEvent } from './pushes';
import type { TakeResult, TicketDetail, TicketPublic } from './views';

/**
 * The contract at compile time (`npm run typecheck` checks these; vitest runs them as no-ops): every
 * command has its answer, ok answers carry `seq`, the feed narrows on `type`, and a staff event is a
 * public event with more, so a terminal folding the public feed folds either.
 */
describe('the typed contract', () => {
  it('types every command answer, each with seq', () => {
    expectTypeOf<keyof CommandResults>().toEqualTypeOf<CommandName>();
    expectTypeOf<Answered<'ticket:take'>>().toExtend<TakeResult & { ok: true; seq: number }>();
    expectTypeOf<Answered<'ticket:return'>>().toExtend<{ ticket: TicketPublic; at: number; ahead: number; seq: number }>();
    expectTypeOf<Answered<'ticket:noShow'>>().toExtend<{ ticket: TicketDetail; at: number }>();
    expectTypeOf<Answered<'ticket:cancel'>>().toExtend<{ at: number }>();
    expectTypeOf<Answered<'evaluation:submit'>>().toExtend<{ caseIds: string[]; at: number }>();
    expectTypeOf<Extract<CommandAnswer<'window:callNext'>, { ok: false }>['error']['code']>().toBeString();
  });

  it('types the socket events both ways', () => {
    expectTypeOf<Parameters<ClientToServerEvents['ticket:take']>[1]>().parameter(0).toEqualTypeOf<CommandAnswer<'ticket:take'>>();
    expectTypeOf<Parameters<ServerToClientEvents['hall:event']>[0]['event']>().toEqualTypeOf<FeedEvent>();
  });

  it('narrows feed events on type, and keeps personal data out of the public variant', () => {
    expectTypeOf<Extract<PublicHallEvent, { type: 'TicketTaken' }>['ticket']>().toEqualTypeOf<TicketPublic>();
    expectTypeOf<Extract<StaffHallEvent, { type: 'TicketTaken' }>['ticket']>().toEqualTypeOf<TicketDetail>();
    expectTypeOf<Extract<PublicHallEvent, { type: 'EvaluationSubmitted' }>>().not.toHaveProperty('comment');
    expectTypeOf<Extract<PublicHallEvent, { type: 'TicketCancelled' }>>().not.toHaveProperty('reason');
    expectTypeOf<StaffHallEvent>().toExtend<PublicHallEvent>();
    expectTypeOf<PublicHallEvent['type']>().toEqualTypeOf<StaffHallEvent['type']>();
  });
});
