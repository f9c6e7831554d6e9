import type { Submission, WorkflowDetail } from '../../src/partner-center/types.js'

/** Submission 7 in `state`/`substate` (§7.2), as the wait tests read it. */
export const submissionIn = (state: string, substate: string): Submission => ({
  resourceType: 'Submission',
  id: '7',
  state,
  substate,
  targets: [],
  resources: []
})

/** The Live workflow detail (§7.3) with its Certification and Publish steps in these states. */
export const liveSteps = (certification: string, publish: string): WorkflowDetail[] => [
  {
    targetEnvironment: 'Live',
    workflowSteps: [
      { name: 'Certification', state: certification },
      { name: 'Publish', state: publish }
    ]
  }
]
