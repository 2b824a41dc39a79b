/** A proposal that passes every check, as a person types it (field by field, in the dialog's order). */
export const PROPOSAL = {
  title: 'Neighbourhood anti-rumour agents',
  city: 'Bergen',
  summary: 'Bergen trained volunteers as anti-rumour agents who visit neighbourhood associations, schools and libraries to question common stereotypes about migrants with facts and stories.',
  areas: 'anti-discrimination, Public space',
  source: 'https://www.bergen.kommune.no/anti-rumour-agents',
  year: '2019',
};
