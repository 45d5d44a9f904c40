/**
 * One measured day of the wait estimates' accuracy in its own process (`bench/estimates.ts` runs the days
 * of its loads side by side, one per core): `estimates-day-child <load> <day>` prints the day's result as JSON.
 */
import { measureDay } from './estimates';

const [load, day] = process.argv.slice(2).map(Number);
if (load === undefined || day === undefined || !Number.isFinite(load) || !Number.isFinite(day)) throw new Error('usage: estimates-day-child <load> <day>');
process.stdout.write(JSON.stringify(await measureDay(load, day)));
