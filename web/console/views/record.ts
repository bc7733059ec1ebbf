import { html, render } from 'lit-html';
import type { Console, View } from '../main';
import { ApiError } from '../api';
import { errorSummary } from './parts';

/** Record a complaint or compliment received by phone, letter, email or in person, with its real date of receipt. */
export function recordPage(ctx: Console): View {
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
      ${options.map(([v, t], i) => html`<div class="govuk-radios__item"><input class="govuk-radios__input" id="${name}-${i}" name=${name} type="radio" value=${v} ?checked=${v === checked} /><label class="govuk-label govuk-radios__label" for="${name}-${i}">${t}</label></div>`)}
    </div></fieldset></div>`;
  const body = () =>
    recorded
      ? html`<div class="govuk-panel govuk-panel--confirmation" tabindex="-1" data-success>
            <h1 class="govuk-panel__title">Case recorded</h1>
            <div class="govuk-panel__body">Its reference is<br /><strong data-reference>${recorded}</strong></div>
          </div>
          <p class="govuk-body">The workflow acknowledges it and passes it on as for any other case. Give the reference to the person if you can.</p>
          <p class="govuk-body">
            ${ctx.me.roles.some((r) => r !== 'receiver') ? html`<a class="govuk-link" href="/staff/cases/${recorded}" data-nav>Open ${recorded}</a> · ` : ''}
            <a class="govuk-link" href="/staff/record" @click=${(e: Event) => { e.preventDefault(); recorded = undefined; draw(); document.querySelector<HTMLElement>('h1')?.focus(); }}>Record another</a>
          </p>`
      : form();
  const form = () => html`<h1 class="govuk-heading-l" tabindex="-1">Record a case</h1>
    <p class="govuk-body">For a complaint or compliment received by telephone, letter, email or in person. Give the date it really reached the service: the timescales run from it.</p>
    ${error instanceof ApiError || error ? errorSummary(error) : ''}
    <form novalidate @submit=${onSubmit}>
      ${radios('kind', 'Complaint or compliment', [['complaint', 'Complaint'], ['compliment', 'Compliment']], 'complaint')}
      ${radios('channel', 'How it was received', ctx.config.staffChannels.map((c) => [c, c]), 'phone')}
      <div class="govuk-form-group"><label class="govuk-label govuk-label--s" for="receivedAt">Date received</label><input class="govuk-input govuk-input--width-10" id="receivedAt" name="receivedAt" type="date" .value=${today} /></div>
      ${text('summary', 'Summary')}
      ${area('details', 'What happened (a written summary of what was said)')}
      <div class="govuk-form-group"><label class="govuk-label govuk-label--s" for="function">Part of the service</label>
        <select class="govuk-select" id="function" name="function"><option value="">Not known</option>${ctx.config.functions.map((f) => html`<option value=${f.id}>${f.name}</option>`)}</select></div>
      ${radios('urgent', 'A possible danger to the public now?', [['no', 'No'], ['yes', 'Yes']], 'no')}
      ${text('name', 'Their name (optional)')}
      ${text('phone', 'Telephone (optional)')}
      ${text('email', 'Email (optional)')}
      ${area('address', 'Postal address (optional)')}
      ${radios('preferredContact', 'How they prefer to be contacted', [['phone', 'Telephone'], ['email', 'Email'], ['letter', 'Letter']])}
      ${text('accessibilityNeeds', 'Support they need (optional)')}
      <button class="govuk-button" type="submit">Record</button>
    </form>`;
  const draw = () => render(body(), document.getElementById('app')!);
  return { title: 'Record a case', body: body() };
}
