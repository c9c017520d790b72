import type { FastifyReply } from 'fastify';
import { bodyOf, paramId, queryOf, redirectWith } from '../../../http/form.ts';
import { statusOf } from '../../../http/failures.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { confirmationPage } from '../../../ui/admin-layout.tsx';
import { COUNTRIES } from '../../customers/index.ts';
import type { RouteRegistrar } from '../../types.ts';
import { rateValues, type RateInput, type RuleInput } from '../admin.ts';
import { TAX_RATES_RESOURCE, TAX_RULES_RESOURCE } from '../index.ts';
import { RATES, rateForm, ratesPage } from '../views/rates.tsx';
import { RULES, ruleForm, rulesPage } from '../views/rules.tsx';
import { rateForm as rateBody, ruleForm as ruleBody } from './forms.ts';

const tax = (rc: RequestContext) => rc.app.services.tax;
const EMPTY_RATE: RateInput = { code: '', countryId: 'US', zipIsRange: false, postcode: '*', zipFrom: '', zipTo: '', rate: '' };
const EMPTY_RULE: RuleInput = { code: '', rates: [], customerClasses: [2], productClasses: [1], priority: '0', position: '0' };

/** Stores > Tax Zones and Rates: list, new, edit, save, delete (with a confirmation page). */
function rateRoutes(r: RouteRegistrar) {
  const o = (actionName: string) => ({ resource: TAX_RATES_RESOURCE, actionName });
  r.adminGet('/tax/rates', o('tax_rate_index'), async (req, _reply, rc) => ratesPage(rc, queryOf(req), await tax(rc).rates(rc)));
  r.adminGet('/tax/rates/new', o('tax_rate_add'), (_req, _reply, rc) => rateForm(rc, EMPTY_RATE, COUNTRIES));
  r.adminGet('/tax/rates/:id/edit', o('tax_rate_edit'), async (req, reply, rc) => {
    const id = paramId(req);
    const rate = id ? await tax(rc).rate(rc, id) : undefined;
    if (!rate) return reply.callNotFound();
    return rateForm(rc, rateValues(rate), COUNTRIES, rate.id);
  });
  const save = async (rc: RequestContext, reply: FastifyReply, input: RateInput, id?: number) => {
    const result = await tax(rc).saveRate(rc, input, id);
    if (!result.ok) {
      if (result.kind === 'not_found') return reply.callNotFound();
      reply.code(statusOf(result.kind));
      return rateForm(rc, input, COUNTRIES, id, result);
    }
    return redirectWith(reply, rc, RATES, { type: 'success', text: rc.t('You saved the tax rate.') });
  };
  r.adminPost('/tax/rates/save', o('tax_rate_save'), (req, reply, rc) => save(rc, reply, rateBody.parse(bodyOf(req))));
  r.adminPost('/tax/rates/:id/save', o('tax_rate_save'), async (req, reply, rc) => {
    const id = paramId(req);
    if (!id) return reply.callNotFound();
    return save(rc, reply, rateBody.parse(bodyOf(req)), id);
  });
  r.adminGet('/tax/rates/:id/delete', o('tax_rate_delete'), async (req, reply, rc) => {
    const id = paramId(req);
    const rate = id ? await tax(rc).rate(rc, id) : undefined;
    if (!rate) return reply.callNotFound();
    const question = rc.t('Are you sure you want to delete the tax rate "{code}"?', { code: rate.code });
    return confirmationPage(rc, {
      title: rc.t('Delete Rate'),
      question,
      action: `${RATES}/${rate.id}/delete`,
      cancel: `${RATES}/${rate.id}/edit`,
      active: 'stores',
    });
  });
  r.adminPost('/tax/rates/:id/delete', o('tax_rate_delete'), async (req, reply, rc) => {
    const id = paramId(req);
    if (!id) return reply.callNotFound();
    const result = await tax(rc).deleteRate(rc, id);
    if (!result.ok) {
      if (result.kind === 'not_found') return reply.callNotFound();
      return redirectWith(reply, rc, `${RATES}/${id}/edit`, { type: 'error', text: rc.t(result.messages[0]!) });
    }
    return redirectWith(reply, rc, RATES, { type: 'success', text: rc.t('You deleted the tax rate.') });
  });
}

/** Stores > Tax Rules: list, new, edit, save, delete (with a confirmation page). */
function ruleRoutes(r: RouteRegistrar) {
  const o = (actionName: string) => ({ resource: TAX_RULES_RESOURCE, actionName });
  const options = async (rc: RequestContext) => ({ classes: await tax(rc).classes(rc), rates: await tax(rc).rates(rc) });
  r.adminGet('/tax/rules', o('tax_rule_index'), async (req, _reply, rc) => rulesPage(rc, queryOf(req), await tax(rc).rulesPage(rc)));
  r.adminGet('/tax/rules/new', o('tax_rule_new'), async (_req, _reply, rc) => ruleForm(rc, EMPTY_RULE, await options(rc)));
  r.adminGet('/tax/rules/:id/edit', o('tax_rule_edit'), async (req, reply, rc) => {
    const id = paramId(req);
    const rule = id ? await tax(rc).rule(rc, id) : undefined;
    if (!rule) return reply.callNotFound();
    const v = { ...rule, priority: String(rule.priority), position: String(rule.position) };
    return ruleForm(rc, v, await options(rc), rule.id);
  });
  const save = async (rc: RequestContext, reply: FastifyReply, input: RuleInput, id?: number) => {
    const result = await tax(rc).saveRule(rc, input, id);
    if (!result.ok) {
      if (result.kind === 'not_found') return reply.callNotFound();
      reply.code(statusOf(result.kind));
      return ruleForm(rc, input, await options(rc), id, result);
    }
    return redirectWith(reply, rc, RULES, { type: 'success', text: rc.t('You saved the tax rule.') });
  };
  r.adminPost('/tax/rules/save', o('tax_rule_save'), (req, reply, rc) => save(rc, reply, ruleBody.parse(bodyOf(req))));
  r.adminPost('/tax/rules/:id/save', o('tax_rule_save'), async (req, reply, rc) => {
    const id = paramId(req);
    if (!id) return reply.callNotFound();
    return save(rc, reply, ruleBody.parse(bodyOf(req)), id);
  });
  r.adminGet('/tax/rules/:id/delete', o('tax_rule_delete'), async (req, reply, rc) => {
    const id = paramId(req);
    const rule = id ? await tax(rc).rule(rc, id) : undefined;
    if (!rule) return reply.callNotFound();
    const question = rc.t('Are you sure you want to delete the tax rule "{code}"?', { code: rule.code });
    return confirmationPage(rc, {
      title: rc.t('Delete Rule'),
      question,
      action: `${RULES}/${rule.id}/delete`,
      cancel: `${RULES}/${rule.id}/edit`,
      active: 'stores',
    });
  });
  r.adminPost('/tax/rules/:id/delete', o('tax_rule_delete'), async (req, reply, rc) => {
    const id = paramId(req);
    if (!id) return reply.callNotFound();
    const result = await tax(rc).deleteRule(rc, id);
    if (!result.ok) return reply.callNotFound();
    return redirectWith(reply, rc, RULES, { type: 'success', text: rc.t('You deleted the tax rule.') });
  });
}

export function taxRoutes(r: RouteRegistrar) {
  rateRoutes(r);
  ruleRoutes(r);
}
