import { useMemo, useState } from 'react'
import type { Dataset, SearchCreate } from '../../api/types'
import { apiErrorToFormErrors, type FormErrors } from './formErrors'
import { useCreateSearch } from './useCreateSearch'

/** What the search page hands every search form. */
export interface SearchFormProps {
  /** The enabled datasets the form can ask. */
  datasets: Dataset[]
  datasetsLoading: boolean
  datasetsError: unknown
  /** Datasets chosen through the URL (?datasets=a,b); default: all of `datasets`. */
  preselected: string[] | null
}

/**
 * What the search forms share: the datasets to ask (those named in the URL that exist, else
 * all), field errors from the form's own checks and from the API (keys matching `knownKeys`
 * go under their field, the rest above the button) and the submission.
 */
export function useSearchForm(datasets: Dataset[], preselected: string[] | null, knownKeys: RegExp) {
  const [chosen, setChosen] = useState<string[] | null>(null)
  const [errors, setErrors] = useState<FormErrors>({})
  const [general, setGeneral] = useState<string | null>(null)
  const create = useCreateSearch()

  const allSlugs = useMemo(() => datasets.map((d) => d.slug), [datasets])
  const selected = useMemo(() => {
    if (chosen) return chosen
    const named = preselected?.filter((slug) => allSlugs.includes(slug))
    return named?.length ? named : allSlugs
  }, [chosen, preselected, allSlugs])

  const clearError = (key: string) => {
    if (errors[key]) setErrors(({ [key]: _drop, ...rest }) => rest)
  }
  const clearErrorsUnder = (prefix: string) =>
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([key]) => !key.startsWith(prefix))))
  const chooseDatasets = (value: string[]) => {
    setChosen(value)
    clearError('datasets')
  }
  /** Show the form's own findings; send the body when it could be built. */
  const send = (found: FormErrors, body: SearchCreate | null | undefined) => {
    setGeneral(null)
    setErrors(found)
    if (!body) return
    create.mutate(body, {
      onError: (error) => {
        const mapped = apiErrorToFormErrors(error, (key) => knownKeys.test(key))
        setErrors(mapped.fields)
        setGeneral(mapped.general)
      },
    })
  }
  return { allSlugs, selected, chooseDatasets, errors, clearError, clearErrorsUnder, general, send, sending: create.isPending }
}
