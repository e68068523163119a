import { FormGroup, Radio, TextInput } from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMoveCredits, type CreditAccount, type CreditOwner } from '../../api/credits';
import { FormModal } from '../../components/FormModal';
import { AmountField, ReasonField } from './fields';
import { formatCredits, MAX_MILLICREDITS, toMillicredits } from './millicredits';
import { AMOUNT_PROBLEM_TEXT, amountProblem } from './moveInput';

interface Props {
  /** the account the dialog was opened from; empty for any user or team */
  owner?: { owner: CreditOwner; ownerId: string };
  onDone: (account: CreditAccount) => void;
  onCancel: () => void;
}

/** An admin's grant or adjustment, typed in credits and sent in exact millicredits. */
export function MoveCreditsModal({ owner, onDone, onCancel }: Props) {
  const { t, i18n } = useTranslation();
  const move = useMoveCredits();
  const [whose, setWhose] = useState<CreditOwner>(owner?.owner ?? 'user');
  const [ownerId, setOwnerId] = useState(owner?.ownerId ?? '');
  const [kind, setKind] = useState<'grant' | 'adjustment'>('grant');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const problem = amountProblem(amount, kind);
  const max = formatCredits(MAX_MILLICREDITS, i18n.language);
  const ready = ownerId.trim() !== '' && !problem && reason.trim() !== '' && !move.isPending;
  const submit = () => {
    const amountMillicredits = toMillicredits(amount);
    if (!ready || amountMillicredits === null) return;
    const asked = { owner: whose, ownerId: ownerId.trim(), kind, amountMillicredits };
    move.mutate({ ...asked, reason: reason.trim() }, { onSuccess: onDone });
  };

  return (
    <FormModal
      id="move-credits"
      title={t('credits.moveTitle')}
      variant="medium"
      mutation={move}
      failed={t('credits.moveFailed')}
      submit={t('credits.save')}
      ready={ready}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <FormGroup role="radiogroup" isInline label={t('credits.whose')} fieldId="move-whose">
        {(['user', 'team'] as const).map((value) => (
          <Radio
            key={value}
            id={`move-whose-${value}`}
            name="move-whose"
            label={t(value === 'user' ? 'credits.ownerUser' : 'credits.ownerTeam')}
            isChecked={whose === value}
            onChange={() => {
              setWhose(value);
            }}
          />
        ))}
      </FormGroup>
      <FormGroup label={t('credits.ownerId')} isRequired fieldId="move-owner-id">
        <TextInput
          id="move-owner-id"
          isRequired
          value={ownerId}
          onChange={(_event, value) => {
            setOwnerId(value);
          }}
        />
      </FormGroup>
      <FormGroup role="radiogroup" isInline label={t('credits.moveKind')} fieldId="move-kind">
        {(['grant', 'adjustment'] as const).map((value) => (
          <Radio
            key={value}
            id={`move-kind-${value}`}
            name="move-kind"
            label={t(value === 'grant' ? 'credits.grant' : 'credits.adjustment')}
            isChecked={kind === value}
            onChange={() => {
              setKind(value);
            }}
          />
        ))}
      </FormGroup>
      <AmountField
        id="move-amount"
        label={t('credits.amountLabel')}
        value={amount}
        invalid={!!amount && !!problem}
        help={
          amount && problem ? t(AMOUNT_PROBLEM_TEXT[problem], { max }) : t('credits.amountHelp')
        }
        onChange={setAmount}
      />
      <ReasonField id="move-reason" value={reason} onChange={setReason} />
    </FormModal>
  );
}
