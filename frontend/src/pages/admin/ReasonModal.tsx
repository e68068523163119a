import {
  Button,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  Stack,
  TextArea,
} from '@patternfly/react-core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/states';

interface Props {
  title: string;
  children: ReactNode;
  confirm: string;
  /** a denial or a deactivation must say why; other decisions may */
  required: boolean;
  /** an undoing (reactivate) is not dangerous: a primary button then */
  danger?: boolean;
  busy: boolean;
  error: unknown;
  errorTitle: string;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}

/** Asks for a decision's reason (kept in the audit trail) before making it. */
export function ReasonModal(props: Props) {
  const { title, children, confirm, required, danger = true, busy, error, errorTitle } = props;
  const { onConfirm, onCancel } = props;
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const missing = required && reason.trim() === '';
  return (
    <Modal
      isOpen
      variant="small"
      onEscapePress={onCancel}
      aria-labelledby="reason-title"
      aria-describedby="reason-body"
    >
      <ModalHeader title={title} labelId="reason-title" />
      <ModalBody>
        <Stack hasGutter>
          {error !== null && <ErrorAlert error={error} title={errorTitle} />}
          <div id="reason-body">{children}</div>
          <Form
            id="reason-form"
            onSubmit={(event) => {
              event.preventDefault();
              if (!missing) onConfirm(reason.trim());
            }}
          >
            <FormGroup label={t('admin.reason')} fieldId="reason" isRequired={required}>
              <TextArea
                id="reason"
                value={reason}
                isRequired={required}
                maxLength={1000}
                onChange={(_event, value) => {
                  setReason(value);
                }}
              />
              <FormHelperText>
                <HelperText>
                  <HelperTextItem>
                    {t(required ? 'admin.reasonRequired' : 'admin.reasonOptional')}
                  </HelperTextItem>
                </HelperText>
              </FormHelperText>
            </FormGroup>
          </Form>
        </Stack>
      </ModalBody>
      <ModalFooter>
        <Button
          type="submit"
          form="reason-form"
          variant={danger ? 'danger' : 'primary'}
          isLoading={busy}
          isDisabled={busy || missing}
        >
          {confirm}
        </Button>
        <Button variant="link" onClick={onCancel}>
          {t('common.back')}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
