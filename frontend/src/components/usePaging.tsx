import { useState } from 'react'
import { Pager } from './Pager'

/** Page state of a server-paged listing (pages from 1): the query parameters to send and a
 * pager for the count the server reports; a new page size goes back to page 1. */
export function usePaging(initialSize: number, pageSizes?: number[]) {
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(initialSize)
  return {
    page,
    pageSize,
    params: { page, page_size: pageSize },
    pager: (count: number, testId: string) => (
      <Pager
        page={page}
        pageSize={pageSize}
        count={count}
        onPage={setPage}
        onPageSize={(size) => {
          setPageSize(size)
          setPage(1)
        }}
        pageSizes={pageSizes}
        testId={testId}
      />
    ),
  }
}
