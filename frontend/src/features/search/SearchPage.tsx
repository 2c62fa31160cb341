import { Stack, Tabs, Text, Title } from '@mantine/core'
import { useMemo } from 'react'
import { useSearchParams } from 'react-router'
import { useDatasets } from '../../api/hooks'
import { AdqlSearchForm } from './AdqlSearchForm'
import { PositionSearchForm } from './PositionSearchForm'
import { RucioSearchForm } from './RucioSearchForm'
import { rucioDatasets } from './rucioQuery'

type Tab = 'position' | 'adql' | 'rucio'

export function SearchPage() {
  const [params, setParams] = useSearchParams()
  const datasets = useDatasets({})
  const enabled = useMemo(() => (datasets.data ?? []).filter((d) => d.enabled), [datasets.data])
  // The data-lake tab is there when a Rucio dataset is (on a deep link, until they are known).
  const rucio = useMemo(() => rucioDatasets(enabled), [enabled])
  const showRucio = rucio.length > 0 || (datasets.isPending && params.get('tab') === 'rucio')
  const requested = params.get('tab')
  const tab: Tab = requested === 'adql' ? 'adql' : requested === 'rucio' && showRucio ? 'rucio' : 'position'

  const preselected = useMemo(() => {
    const values = params.getAll('datasets').flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean)
    return values.length ? values : null
  }, [params])

  const setTab = (value: string | null) => {
    const next = new URLSearchParams(params)
    if (value === 'adql' || value === 'rucio') next.set('tab', value)
    else next.delete('tab')
    setParams(next, { replace: true })
  }

  return (
    <Stack gap="md" data-testid="search-page">
      <div>
        <Title order={2}>Search the archives</Title>
        <Text c="dimmed" size="sm">
          One query, sent to every selected archive in parallel.
        </Text>
      </div>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="position" data-testid="tab-position">
            Position &amp; constraints
          </Tabs.Tab>
          <Tabs.Tab value="adql" data-testid="tab-adql">
            ADQL (expert)
          </Tabs.Tab>
          {showRucio && (
            <Tabs.Tab value="rucio" data-testid="tab-rucio">
              Data lake (Rucio)
            </Tabs.Tab>
          )}
        </Tabs.List>
        <Tabs.Panel value="position">
          <PositionSearchForm
            datasets={enabled}
            datasetsLoading={datasets.isPending}
            datasetsError={datasets.data ? null : datasets.error}
            preselected={preselected}
          />
        </Tabs.Panel>
        <Tabs.Panel value="adql">
          <AdqlSearchForm
            datasets={enabled}
            datasetsLoading={datasets.isPending}
            datasetsError={datasets.data ? null : datasets.error}
            initialDataset={params.get('dataset')}
            fromSearch={params.get('from')}
          />
        </Tabs.Panel>
        {showRucio && (
          <Tabs.Panel value="rucio">
            <RucioSearchForm
              datasets={rucio}
              datasetsLoading={datasets.isPending}
              datasetsError={datasets.data ? null : datasets.error}
              preselected={preselected}
            />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  )
}
