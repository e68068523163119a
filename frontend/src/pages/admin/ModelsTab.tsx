import { Label, Switch } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { useAdminModels, useFlagModel, type AdminModel } from '../../api/adminModels';
import { ListToolbar } from '../../components/ListToolbar';
import { ErrorAlert } from '../../components/states';
import { usePaging } from '../../components/usePaging';
import { useCanAct } from './access';
import { AdminTable, type Column } from './AdminTable';
import { Loaded } from './Loaded';
import { Section } from './Section';

type Flag = 'restricted' | 'hidden';

export function ModelsTab() {
  const { t } = useTranslation();
  const canAct = useCanAct();
  const paging = usePaging();
  const { search, page, pageSize } = paging;
  const models = useAdminModels({ search, page, pageSize });
  const flag = useFlagModel();

  // admins flip a switch; admin-readonly reads a label
  const flagCell = (name: Flag) => (model: AdminModel) =>
    canAct ? (
      <Switch
        id={`${name}-${model.id}`}
        aria-label={t(`admin.models.${name}One`, { model: model.id })}
        isChecked={model[name]}
        isDisabled={flag.isPending}
        onChange={(_event, on) => {
          flag.mutate({ id: model.id, flags: { [name]: on } });
        }}
      />
    ) : (
      <Label color={model[name] ? 'orange' : 'grey'}>
        {t(model[name] ? 'admin.yes' : 'admin.no')}
      </Label>
    );
  const columns: Column<AdminModel>[] = [
    {
      title: t('admin.models.model'),
      cell: (model) => (
        <>
          {model.id} {model.retired && <Label color="grey">{t('admin.models.retired')}</Label>}
        </>
      ),
    },
    { title: t('admin.models.provider'), cell: (model) => model.provider },
    { title: t('admin.models.restricted'), cell: flagCell('restricted') },
    { title: t('admin.models.hidden'), cell: flagCell('hidden') },
  ];

  return (
    <Section title={t('admin.sections.models')} intro={t('admin.models.intro')}>
      <ListToolbar
        paging={paging}
        total={models.data?.total ?? 0}
        searchLabel={t('admin.models.search')}
      />
      {flag.isError && <ErrorAlert error={flag.error} title={t('admin.models.flagFailed')} />}
      <Loaded
        query={models}
        failed={t('admin.models.loadFailed')}
        isEmpty={(found) => found.items.length === 0}
        emptyTitle={t('admin.models.emptyTitle')}
        emptyBody={t(search ? 'admin.models.emptySearch' : 'admin.models.emptyBody')}
      >
        {(found) => (
          <AdminTable
            label={t('admin.models.tableLabel')}
            rows={found.items}
            rowKey={(model) => model.id}
            columns={columns}
          />
        )}
      </Loaded>
    </Section>
  );
}
