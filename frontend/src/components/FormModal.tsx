import { Button, Form, Modal, ModalBody, ModalFooter, ModalHeader } from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './states';

interface Props {
  /** names the dialog's title (`<id>-title`) and its form (`<id>-form`) */
  id: string;
  title: string;
  description?: ReactNode;
  variant: 'small' | 'medium';
  /** the mutation the form sends: its problem shown above the fields, the button busy meanwhile */
  mutation: { isPending: boolean; isError: boolean; error: unknown };
  /** the title of the alert that shows the mutation's problem detail */
  failed: string;
  /** the submit button's words */
  submit: string;
  /** a red submit button, for what is hard to undo */
  danger?: boolean;
  /** the id of the element (among the children) that describes the dialog */
  describedBy?: string;
  /** whether the fields are complete and valid: the submit button is disabled until they are */
  ready: boolean;
  /** called on submit (button or Enter) once the browser's own submission is prevented */
  onSubmit: () => void;
  onCancel: () => void;
  children: ReactNode;
}

/**
 * A dialog around one form that sends one mutation. Closed by its own Back button or Escape:
 * PatternFly's corner close button has an untranslatable label.
 */
export function FormModal(props: Props) {
  const { id, title, description, variant, mutation, failed, submit, ready } = props;
  const { danger = false, describedBy, onSubmit, onCancel, children } = props;
  const { t } = useTranslation();
  return (
    <Modal
      isOpen
      variant={variant}
      aria-labelledby={`${id}-title`}
      aria-describedby={describedBy}
      onEscapePress={onCancel}
    >
      <ModalHeader title={title} labelId={`${id}-title`} description={description} />
      <ModalBody>
        <Form
          id={`${id}-form`}
          onSubmit={(event) => {
            event.preventDefault();
            onSubmit();
          }}
        >
          {mutation.isError && <ErrorAlert error={mutation.error} title={failed} />}
          {children}
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button
          type="submit"
          form={`${id}-form`}
          variant={danger ? 'danger' : 'primary'}
          isDisabled={!ready || mutation.isPending}
          isLoading={mutation.isPending}
        >
          {submit}
        </Button>
        <Button variant="link" onClick={onCancel}>
          {t('common.back')}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
