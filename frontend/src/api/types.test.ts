/**
 * The API types are derived from the generated OpenAPI types (`schema.d.ts`); these checks are
 * compile-time (`npm run typecheck`) with a few runtime ones. If the backend changes incompatibly,
 * `npm run check:api` says the generated file is stale, and after `npm run gen:api` these fail.
 */
import { describe, expect, expectTypeOf, it } from 'vitest'
import { fillPath, typedApi } from './client'
import type { components, paths } from './schema'
import type {
  ApiToken,
  Archive,
  BasketFilters,
  BasketFromSearch,
  Session,
  SearchUpdate,
  DatasetRun,
  ExportFormat,
  Positions,
  QueryOf,
  ResponseOf,
  ResultParams,
  RunStatus,
  Search,
  ResultRow,
  SearchCreate,
  SearchCreated,
} from './types'
import { IMPORTABLE_SERVICE_TYPES, RESULT_ORDERING_FIELDS } from './types'
import { jsonResponse, mockFetch } from '../test/utils'

type Schemas = components['schemas']

describe('API types derived from the OpenAPI schema', () => {
  it('aliases and narrows the generated types', () => {
    expectTypeOf<RunStatus>().toEqualTypeOf<Schemas['RunStatusEnum']>()
    expectTypeOf<DatasetRun['status']>().toEqualTypeOf<Schemas['RunStatusEnum']>()
    expectTypeOf<ExportFormat>().toEqualTypeOf<'csv' | 'votable' | 'json'>()
    // Narrowed types stay assignable to the schema's.
    expectTypeOf<Search>().toExtend<Schemas['Search']>()
    expectTypeOf<DatasetRun>().toExtend<Schemas['Run']>()
    expectTypeOf<Positions>().toExtend<Schemas['Positions']>()
    expectTypeOf<SearchCreate>().toExtend<Schemas['SearchCreateRequest']>()
    expectTypeOf<ResultParams>().toExtend<QueryOf<'/api/v1/searches/{id}/results/', 'get'>>()
    expectTypeOf<ResponseOf<'/api/v1/searches/{id}/', 'get'>>().toEqualTypeOf<Schemas['Search']>()
    expectTypeOf<ResponseOf<'/api/v1/searches/', 'post'>>().toEqualTypeOf<Schemas['SearchCreated']>()
    // The create answer is a search (plus rows).
    expectTypeOf<Schemas['SearchCreated']>().toExtend<Schemas['Search']>()
    expectTypeOf<SearchCreated['results']>().toEqualTypeOf<ResultRow[] | undefined>()
    expectTypeOf<keyof paths>().toExtend<string>()
    // Undocumented by the schema for now: derived from ArchiveRequest + datasets.
    expectTypeOf<Archive['datasets']>().toEqualTypeOf<string[]>()
    expectTypeOf<Archive['slug']>().toEqualTypeOf<string>()
    // Accounts: narrowed types stay assignable to the schema's; tokens are listed without secrets.
    expectTypeOf<Session>().toExtend<Schemas['Session']>()
    expectTypeOf<BasketFromSearch>().toExtend<Schemas['BasketFromSearchRequest']>()
    expectTypeOf<BasketFilters>().toExtend<QueryOf<'/api/v1/basket/items/', 'get'>>()
    expectTypeOf<ApiToken>().not.toHaveProperty('token')
    expectTypeOf<SearchUpdate>().toEqualTypeOf<Schemas['PatchedSearchUpdateRequest']>()
    expect(RESULT_ORDERING_FIELDS).toContain('ra')
    expect([...IMPORTABLE_SERVICE_TYPES].sort()).toEqual(['scs', 'sia', 'tap'])
  })

  it('typedApi fills path parameters and sends the query', async () => {
    const { calls } = mockFetch(() => jsonResponse({ datasets: ['a'], truncated: false, positions: [[1, 2, 0]] }))
    const answer = await typedApi.get('/api/v1/searches/{id}/positions/', { path: { id: 'a b' }, query: { dataset: 'x', limit: 5 } })
    expectTypeOf(answer).toEqualTypeOf<Schemas['Positions']>()
    expect(calls[0].url).toBe('/api/v1/searches/a%20b/positions/?dataset=x&limit=5')
    expect(answer.positions).toEqual([[1, 2, 0]])
    expect(typedApi.url('/api/v1/searches/{id}/export/', { path: { id: 'i' }, query: { dataset: 'd', format: 'csv' } })).toBe(
      '/api/v1/searches/i/export/?dataset=d&format=csv',
    )
    expect(() => fillPath('/api/v1/searches/{id}/', {})).toThrow('Missing path parameter "id"')

    // Compile-time only (never called): unknown paths, wrong parameters, missing path parameters.
    const compileOnly = () => [
      // @ts-expect-error not a path of the schema
      typedApi.url('/api/v1/nothing/', {}),
      // @ts-expect-error `format` must be csv or votable
      typedApi.url('/api/v1/searches/{id}/export/', { path: { id: 'i' }, query: { dataset: 'd', format: 'fits' } }),
      // @ts-expect-error the path parameter is required
      typedApi.url('/api/v1/searches/{id}/', {}),
      // @ts-expect-error from-search takes exactly one of rows / all_rows / as_query
      ((body: BasketFromSearch) => body)({ search: 's', dataset: 'd', rows: ['1'], all_rows: true }),
    ]
    expect(typeof compileOnly).toBe('function')
  })
})
