import { html, render } from 'lit-html';
import type { Console, View } from '../main';
import { ApiError } from '../api';
import { errorSummary } from './parts';
import { channelName } from '../format';

/** Record a complaint or compliment received by phone, letter, email or in person, with its real date of receipt. */
export function recordPage(ctx: Console): View {
  const { t } = ctx;
  let error: Error | undefined;
  let recorded: string | undefined;
  const today = new Date().toISOString().slice(0, 10);
  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const body: Record<string, unknown> = {};
    for (const [k, v] of new FormData(form)) if (typeof v === 'string' && v.trim() !== '') body[k] = v.trim();
    body.urgent = body.urgent === 'yes';
    try {
      const { data } = await ctx.api<{ reference: string }>('POST', '/api/cases', { body });
      // A receiver records and may not read cases: the reference is shown here, for everyone.
      recorded = data.reference;
      error = undefined;
      draw();
      document.querySelector<HTMLElement>('[data-success]')?.focus();
    } catch (e) {
      error = e as Error;
      draw();
      document.querySelector<HTMLElement>('.govuk-error-summary')?.focus();
    }
  };
  const text = (name: string, label: string, hint?: string) => html`<div class="govuk-form-group">
    <label class="govuk-label govuk-label--s" for=${name}>${label}</label>${hint ? html`<div class="govuk-hint">${hint}</div>` : ''}
    <input class="govuk-input" id=${name} name=${name} type="text" /></div>`;
  const area = (name: string, label: string) => html`<div class="govuk-form-group"><label class="govuk-label govuk-label--s" for=${name}>${label}</label><textarea class="govuk-textarea" id=${name} name=${name} rows="4"></textarea></div>`;
  const radios = (name: string, legend: string, options: Array<[string, string]>, checked?: string) => html`<div class="govuk-form-group"><fieldset class="govuk-fieldset">
    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">${legend}</legend>
    <div class="govuk-radios govuk-radios--small govuk-radios--inline">
      ${options.map(([v, words], i) => html`<div class="govuk-radios__item"><input class="govuk-radios__input" id="${name}-${i}" name=${name} type="radio" value=${v} ?checked=${v === checked} /><label class="govuk-label govuk-radios__label" for="${name}-${i}">${words}</label></div>`)}
    </div></fieldset></div>`;
  const body = () =>
    recorded
      ? html`<div class="govuk-panel govuk-panel--confirmation" tabindex="-1" data-success>
            <h1 class="govuk-panel__title">${t('record.recorded')}</h1>
            <div class="govuk-panel__body">${t('record.referenceIs')}<br /><strong data-reference>${recorded}</strong></div>
          </div>
          <p class="govuk-body">${t('record.whatNext')}</p>
          <p class="govuk-body">
            ${ctx.me.roles.some((r) => r !== 'receiver') ? html`<a class="govuk-link" href="/staff/cases/${recorded}" data-nav>${t('record.open', { reference: recorded })}</a> · ` : ''}
            <a class="govuk-link" href="/staff/record" @click=${(e: Event) => { e.preventDefault(); recorded = undefined; draw(); document.querySelector<HTMLElement>('h1')?.focus(); }}>${t('record.another')}</a>
          </p>`
      : form();
  const form = () => html`<h1 class="govuk-heading-l" tabindex="-1">${t('record.title')}</h1>
    <p class="govuk-body">${t('record.intro')}</p>
    ${error instanceof ApiError || error ? errorSummary(t, error) : ''}
    <form novalidate @submit=${onSubmit}>
      ${radios('kind', t('record.kind'), [['complaint', t('kinds.complaint')], ['compliment', t('kinds.compliment')]], 'complaint')}
      ${radios('channel', t('record.channel'), ctx.config.staffChannels.map((c) => [c, channelName(t, c)]), ctx.has('consultation-officer') ? 'consultation' : 'phone')}
      ${text('consultationType', t('record.consultationType'), t('record.consultationTypeHint'))}
      <div class="govuk-form-group"><label class="govuk-label govuk-label--s" for="receivedAt">${t('record.receivedAt')}</label><input class="govuk-input govuk-input--width-10" id="receivedAt" name="receivedAt" type="date" .value=${today} /></div>
      ${text('summary', t('record.summary'))}
      ${area('details', t('record.details'))}
      <div class="govuk-form-group"><label class="govuk-label govuk-label--s" for="function">${t('record.function')}</label>
        <select class="govuk-select" id="function" name="function"><option value="">${t('notKnown')}</option>${ctx.config.functions.map((f) => html`<option value=${f.id}>${f.name}</option>`)}</select></div>
      ${radios('urgent', t('record.urgent'), [['no', t('record.no')], ['yes', t('record.yes')]], 'no')}
      ${text('name', t('record.name'))}
      ${text('phone', t('record.phone'))}
      ${text('email', t('record.email'))}
      ${area('address', t('record.address'))}
      ${radios('preferredContact', t('record.preferredContact'), [['phone', t('record.byPhone')], ['email', t('record.byEmail')], ['letter', t('record.byLetter')]])}
      ${text('accessibilityNeeds', t('record.accessibilityNeeds'))}
      <button class="govuk-button" type="submit">${t('record.button')}</button>
    </form>`;
  const draw = () => render(body(), document.getElementById('app')!);
  return { title: t('record.title'), body: body() };
}
