import type ExcelJS from 'exceljs';

/**
 * exceljs, loaded on the first workbook rather than with the server: it is the largest package the hall
 * server would otherwise load at start (about 25 MB of resident memory and 11 MB of heap), for a file
 * an admin asks for now and then (the catalogue workbook, the reports).
 */
export async function loadExcel(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}
