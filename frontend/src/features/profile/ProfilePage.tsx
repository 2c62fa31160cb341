import { Autocomplete, Badge, Button, Card, Grid, Group, MultiSelect, Stack, Text, TextInput, Title } from '@mantine/core'
import { useMemo, useState, type FormEvent } from 'react'
import { Link, useLocation } from 'react-router'
import type { AnalysisChoice, Profile, ProfileUpdate } from '../../api/types'
import { ApiError, errorMessage } from '../../api/client'
import { useSession } from '../../api/hooks'
import { useNotify } from '../../components/notify'
import { ErrorAlert, LoadingBlock } from '../../components/QueryState'
import { loginPath } from '../auth/api'
import { useFacilities, useProfile, useRepositories, useUpdateProfile } from './api'
import { ZooniverseAccountsSection } from '../zooniverse/ZooniverseAccountsSection'
import { TokensSection } from './TokensSection'

export function ProfilePage() {
  const session = useSession()
  const location = useLocation()
  const signedIn = Boolean(session.data?.authenticated)
  const profile = useProfile(signedIn)

  if (session.isPending) return <LoadingBlock />
  if (session.error && !session.data) {
    return <ErrorAlert error={session.error} title="Could not load your session" onRetry={() => void session.refetch()} />
  }
  if (!signedIn) {
    return (
      <Stack align="center" py="xl" data-testid="profile-signed-out">
        <Title order={2} size="h3">
          Profile
        </Title>
        <Text c="dimmed">Sign in to see your profile and manage your API tokens.</Text>
        <Button component={Link} to={loginPath(location)} data-testid="profile-sign-in">
          Sign in
        </Button>
      </Stack>
    )
  }
  return (
    <Stack gap="md" data-testid="profile-page">
      <Title order={2} size="h3">
        Profile
      </Title>
      {profile.isPending && <LoadingBlock label="Loading your profile…" />}
      {profile.error && !profile.data && (
        <ErrorAlert error={profile.error} title="Could not load your profile" onRetry={() => void profile.refetch()} />
      )}
      {profile.data && <ProfileForm key={profile.dataUpdatedAt} profile={profile.data} />}
      <TokensSection />
      <ZooniverseAccountsSection />
    </Stack>
  )
}

/** Choices for a MultiSelect: the configured ones, plus any saved slug no longer offered. */
function choiceOptions(choices: AnalysisChoice[] | undefined, selected: string[]) {
  const options = (choices ?? []).map((c) => ({ value: c.slug, label: c.name || c.slug }))
  for (const slug of selected) if (!options.some((o) => o.value === slug)) options.push({ value: slug, label: slug })
  return options
}

function sameList(a: string[], b: string[]) {
  return a.length === b.length && a.every((v, i) => v === b[i])
}

function ProfileForm({ profile }: { profile: Profile }) {
  const update = useUpdateProfile()
  const notify = useNotify()
  const facilities = useFacilities()
  const repositories = useRepositories()
  const [name, setName] = useState(profile.name)
  const [email, setEmail] = useState(profile.email)
  const [preferredFacilities, setPreferredFacilities] = useState(profile.preferred_facilities)
  const [preferredRepositories, setPreferredRepositories] = useState(profile.preferred_repositories)
  const [destination, setDestination] = useState(profile.default_staging_destination)

  // Name and e-mail come from the identity provider for federated accounts.
  const local = !profile.identity_provider || profile.identity_provider === 'local'

  const changes = useMemo(() => {
    const body: ProfileUpdate = {}
    if (local && name !== profile.name) body.name = name
    if (local && email !== profile.email) body.email = email.trim()
    if (!sameList(preferredFacilities, profile.preferred_facilities)) body.preferred_facilities = preferredFacilities
    if (!sameList(preferredRepositories, profile.preferred_repositories)) body.preferred_repositories = preferredRepositories
    if (destination !== profile.default_staging_destination) body.default_staging_destination = destination.trim()
    return body
  }, [local, name, email, preferredFacilities, preferredRepositories, destination, profile])
  const dirty = Object.keys(changes).length > 0

  const reset = () => {
    setName(profile.name)
    setEmail(profile.email)
    setPreferredFacilities(profile.preferred_facilities)
    setPreferredRepositories(profile.preferred_repositories)
    setDestination(profile.default_staging_destination)
    update.reset()
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!dirty) return
    update.mutate(changes, {
      onSuccess: () => notify({ message: 'Profile saved.', color: 'green', testId: 'profile-saved' }),
    })
  }

  const error = update.error
  const fieldError = (field: string) => (error instanceof ApiError && error.field === field ? error.message : undefined)
  const choicesError = (query: { error: unknown }) =>
    query.error ? `Could not load the choices: ${errorMessage(query.error)}` : undefined

  return (
    <Card withBorder padding="md" data-testid="profile-form-card">
      <form onSubmit={submit} noValidate data-testid="profile-form">
        <Stack gap="md">
          <Grid gap="md">
            <Grid.Col span={{ base: 12, md: 6 }}>
              <Stack gap="sm">
                <TextInput label="Username" value={profile.username} readOnly variant="filled" data-testid="profile-username" />
                <TextInput
                  label="Name"
                  value={name}
                  onChange={(e) => setName(e.currentTarget.value)}
                  readOnly={!local}
                  variant={local ? 'default' : 'filled'}
                  description={local ? undefined : `From ${profile.identity_provider}`}
                  error={fieldError('name')}
                  data-testid="profile-name"
                />
                <TextInput
                  label="E-mail"
                  type="email"
                  value={email}
                  onChange={(e) => setEmail(e.currentTarget.value)}
                  readOnly={!local}
                  variant={local ? 'default' : 'filled'}
                  description={local ? undefined : `From ${profile.identity_provider}`}
                  error={fieldError('email')}
                  data-testid="profile-email"
                />
                <div>
                  <Text size="sm" fw={500}>
                    Identity provider
                  </Text>
                  <Text size="sm" data-testid="profile-idp">
                    {profile.identity_provider || 'local'}
                  </Text>
                </div>
                <div>
                  <Text size="sm" fw={500}>
                    Groups
                  </Text>
                  <Group gap={6} mt={2} data-testid="profile-groups">
                    {profile.groups.length ? (
                      profile.groups.map((group) => (
                        <Badge key={group} variant="light" color="gray" tt="none">
                          {group}
                        </Badge>
                      ))
                    ) : (
                      <Text size="sm" c="dimmed">
                        none
                      </Text>
                    )}
                  </Group>
                </div>
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <Stack gap="sm">
                <MultiSelect
                  label="Preferred analysis facilities"
                  placeholder={preferredFacilities.length ? undefined : 'None'}
                  data={choiceOptions(facilities.data, preferredFacilities)}
                  value={preferredFacilities}
                  onChange={setPreferredFacilities}
                  searchable
                  clearable
                  nothingFoundMessage={facilities.isPending ? 'Loading…' : 'No facilities configured'}
                  error={fieldError('preferred_facilities') ?? choicesError(facilities)}
                  data-testid="profile-facilities"
                  comboboxProps={{ withinPortal: true }}
                />
                <MultiSelect
                  label="Preferred data repositories"
                  placeholder={preferredRepositories.length ? undefined : 'None'}
                  data={choiceOptions(repositories.data, preferredRepositories)}
                  value={preferredRepositories}
                  onChange={setPreferredRepositories}
                  searchable
                  clearable
                  nothingFoundMessage={repositories.isPending ? 'Loading…' : 'No repositories configured'}
                  error={fieldError('preferred_repositories') ?? choicesError(repositories)}
                  data-testid="profile-repositories"
                  comboboxProps={{ withinPortal: true }}
                />
                <Autocomplete
                  label="Default staging destination"
                  description="Where staged data goes unless you choose otherwise."
                  placeholder="e.g. a repository"
                  data={(repositories.data ?? []).map((r) => r.slug)}
                  value={destination}
                  onChange={setDestination}
                  error={fieldError('default_staging_destination')}
                  data-testid="profile-destination"
                  comboboxProps={{ withinPortal: true }}
                />
              </Stack>
            </Grid.Col>
          </Grid>
          {error && !Object.keys(changes).some((field) => fieldError(field)) ? (
            <ErrorAlert error={error} title="Could not save your profile" testId="profile-error" />
          ) : null}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={reset} disabled={!dirty || update.isPending}>
              Undo changes
            </Button>
            <Button type="submit" disabled={!dirty} loading={update.isPending} data-testid="profile-save">
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  )
}
