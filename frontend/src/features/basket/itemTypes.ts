export const ITEM_TYPE_LABEL: Record<string, string> = {
  catalogue_row: 'Catalogue row',
  data_product: 'Data product',
  query: 'Query',
  rucio_did: 'Rucio DID',
}

export const ITEM_TYPE_COLOR: Record<string, string> = {
  catalogue_row: 'blue',
  data_product: 'teal',
  query: 'grape',
  rucio_did: 'orange',
}
