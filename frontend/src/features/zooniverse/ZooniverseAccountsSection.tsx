import { Card, Stack, Text, Title } from '@mantine/core'
import { useDatasets } from '../../api/hooks'
import { AccountPanel } from './AccountPanel'
import { ZOONIVERSE } from './paths'

/** The profile's section: the user's Zooniverse account on each Zooniverse dataset (none: nothing). */
export function ZooniverseAccountsSection() {
  const datasets = useDatasets({})
  const zooniverse = (datasets.data ?? []).filter((d) => d.connector_type === ZOONIVERSE && d.enabled)
  if (!zooniverse.length) return null
  return (
    <Card withBorder padding="md" data-testid="profile-zooniverse">
      <Title order={3} size="h4" mb="sm">
        Zooniverse
      </Title>
      <Stack gap="sm">
        {zooniverse.map((dataset) => (
          <div key={dataset.slug} data-testid={`profile-zooniverse-${dataset.slug}`}>
            {zooniverse.length > 1 && (
              <Text size="sm" fw={500} mb={4}>
                {dataset.name}
              </Text>
            )}
            <AccountPanel dataset={dataset.slug} />
          </div>
        ))}
      </Stack>
    </Card>
  )
}
