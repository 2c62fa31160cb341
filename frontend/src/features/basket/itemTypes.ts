export const ITEM_TYPE_LABEL: Record<string, string> = {
  catalogue_row: 'Catalogue row',
  data_product: 'Data product',
  query: 'Query',
  rucio_did: 'Rucio DID',
  zooniverse_project: 'Zooniverse project',
  zooniverse_workflow: 'Zooniverse workflow',
  zooniverse_subject_set: 'Zooniverse subject set',
  zooniverse_subject: 'Zooniverse subject',
}

export const ITEM_TYPE_COLOR: Record<string, string> = {
  catalogue_row: 'blue',
  data_product: 'teal',
  query: 'grape',
  rucio_did: 'orange',
  zooniverse_project: 'indigo',
  zooniverse_workflow: 'indigo',
  zooniverse_subject_set: 'indigo',
  zooniverse_subject: 'cyan',
}
