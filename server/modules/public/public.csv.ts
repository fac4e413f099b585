import type { PublicPartnership } from '../../../shared/schemas/public.ts';
import { csvCell } from '../../csv.ts';

// Open data as CSV: 360Giving-style column titles (docs/open-data.md lists them with an example row),
// RFC 4180 quoting with formula-looking text defused (server/csv.ts), CRLF line ends, UTF-8 with a byte-order mark so spreadsheet programs read Cyrillic
// and Kazakh letters (ә ғ қ ң ө ұ ү һ і) as such instead of guessing a legacy code page.

const BOM = '\uFEFF';
/** Up to three funders: the enterprise, the subsoil-user fund and the state programme. */
const FUNDER_COLUMNS = 3;

type Column = [title: string, value: (grant: PublicPartnership) => string | number | null];

const funderColumns = Array.from({ length: FUNDER_COLUMNS }, (_, index): Column[] => [
  [`Funding Org:${index}:Identifier`, (grant) => grant.fundingOrganization[index]?.id ?? null],
  [`Funding Org:${index}:Name`, (grant) => grant.fundingOrganization[index]?.name ?? null],
  [`Funding Org:${index}:Source`, (grant) => grant.fundingOrganization[index]?.source ?? null],
  [`Funding Org:${index}:Amount`, (grant) => grant.fundingOrganization[index]?.amount ?? null],
]).flat();

export const CSV_COLUMNS: Column[] = [
  ['Identifier', (grant) => grant.identifier],
  ['Title', (grant) => grant.title],
  ['Description', (grant) => grant.description],
  ['Currency', (grant) => grant.currency],
  ['Amount Awarded', (grant) => grant.amountAwarded],
  ['Amount Disbursed', (grant) => grant.amountDisbursed],
  ['Award Date', (grant) => grant.awardDate],
  ['Planned Dates:Start Date', (grant) => grant.plannedDates.startDate],
  ['Planned Dates:End Date', (grant) => grant.plannedDates.endDate],
  ['Recipient Org:Identifier', (grant) => grant.recipientOrganization.id],
  ['Recipient Org:Name', (grant) => grant.recipientOrganization.name],
  ...funderColumns,
  ['Beneficiary Location:Geographic Code', (grant) => grant.beneficiaryLocation?.geoCode ?? null],
  ['Beneficiary Location:Geographic Code Type', (grant) => grant.beneficiaryLocation?.geoCodeType ?? null],
  ['Beneficiary Location:Name', (grant) => grant.beneficiaryLocation?.name ?? null],
  ['Beneficiary Location:Name (ru)', (grant) => grant.beneficiaryLocation?.nameRu ?? null],
  ['Beneficiary Location:Name (kk)', (grant) => grant.beneficiaryLocation?.nameKk ?? null],
  ['Beneficiary Location:Kopir Region', (grant) => grant.beneficiaryLocation?.region ?? null],
  ['Grant Programme:Code', (grant) => grant.grantProgramme?.code ?? null],
  ['Grant Programme:Title', (grant) => grant.grantProgramme?.title ?? null],
  ['Grant Programme:National Priority', (grant) => (grant.grantProgramme ? (grant.grantProgramme.national ? 'yes' : 'no') : null)],
  ['Status', (grant) => grant.status],
  ['Planned:Enterprise', (grant) => grant.plannedBySource.enterprise],
  ['Planned:Subsoil Fund', (grant) => grant.plannedBySource.subsoil_fund],
  ['Planned:State Programme', (grant) => grant.plannedBySource.state_program],
  ['Planned:Institute In Kind', (grant) => grant.plannedBySource.institute_inkind],
  ['Disbursed:Enterprise', (grant) => grant.disbursedBySource.enterprise],
  ['Disbursed:Subsoil Fund', (grant) => grant.disbursedBySource.subsoil_fund],
  ['Disbursed:State Programme', (grant) => grant.disbursedBySource.state_program],
  ['Disbursed:Institute In Kind', (grant) => grant.disbursedBySource.institute_inkind],
  ['Last Modified', (grant) => grant.lastModified],
];

export function toCsv(grants: PublicPartnership[]): string {
  const lines = [CSV_COLUMNS.map(([title]) => csvCell(title)).join(',')];
  for (const grant of grants) lines.push(CSV_COLUMNS.map(([, value]) => csvCell(value(grant))).join(','));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
