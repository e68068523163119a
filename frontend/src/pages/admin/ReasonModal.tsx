import {
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  TextArea,
} from '@patternfly/react-core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal';

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
    <FormModal
      id="reason"
      title={title}
      variant="small"
      describedBy="reason-body"
      mutation={{ isPending: busy, isError: error !== null, error }}
      failed={errorTitle}
      submit={confirm}
      danger={danger}
      ready={!missing}
      onSubmit={() => {
        if (!missing) onConfirm(reason.trim());
      }}
      onCancel={onCancel}
    >
      <div id="reason-body">{children}</div>
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
    </FormModal>
  );
}
