"""Generates the default workflows in ``workflows/*.bpmn`` (run: ``python3 tools/bpmn-layout/workflows.py``).

The committed .bpmn files are the product: administrators may edit them in the designer afterwards. This script
keeps the five files consistent (ids, candidate groups, form keys, handler names the domain code depends on) and
lays them out left to right on a grid. Names are Chinese (what users see); ids are English camelCase (what the
domain code uses).
"""

from __future__ import annotations

import sys
from pathlib import Path
from xml.sax.saxutils import quoteattr

from bpmnlayout import COL_W, ROW_H, Node, Scope, render

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "workflows"


# ---------------------------------------------------------------------- element helpers


def q(value: str) -> str:
    return quoteattr(value)


def form_field(field_id: str, label: str, type_: str, required: bool = True,
               values: list[tuple[str, str]] | None = None) -> list[str]:
    lines = [f"<camunda:formField id={q(field_id)} label={q(label)} type={q(type_)}>"]
    if required:
        lines += ["  <camunda:validation>", '    <camunda:constraint name="required" />', "  </camunda:validation>"]
    for value_id, value_name in values or []:
        lines.append(f"  <camunda:value id={q(value_id)} name={q(value_name)} />")
    lines.append("</camunda:formField>")
    return lines


def user_task(scope: Scope, id: str, name: str, col: float, row: float, groups: str, form_key: str,
              due: str | None = None, fields: list[list[str]] | None = None,
              mi: tuple[str, str] | None = None) -> Node:
    attrs = {"camunda:candidateGroups": groups, "camunda:formKey": form_key}
    if due:
        attrs["camunda:dueDate"] = due
    body: list[str] = []
    if fields:
        body += ["<extensionElements>", "  <camunda:formData>"]
        for f in fields:
            body += ["    " + line for line in f]
        body += ["  </camunda:formData>", "</extensionElements>"]
    if mi:
        body += multi_instance(*mi)
    return scope.add(Node(id, "userTask", name, col, row, attrs, body))


def multi_instance(collection: str, element: str) -> list[str]:
    return [f"<multiInstanceLoopCharacteristics camunda:collection={q(collection)}"
            f" camunda:elementVariable={q(element)} />"]


def service(scope: Scope, id: str, name: str, col: float, row: float, handler: str, kind: str = "serviceTask") -> Node:
    return scope.add(Node(id, kind, name, col, row, {"camunda:delegateExpression": "${" + handler + "}"}))


def gateway(scope: Scope, id: str, name: str, col: float, row: float, kind: str = "exclusiveGateway") -> Node:
    return scope.add(Node(id, kind, name, col, row))


def start(scope: Scope, id: str, name: str, col: float, row: float) -> Node:
    return scope.add(Node(id, "startEvent", name, col, row))


def end(scope: Scope, id: str, name: str, col: float, row: float) -> Node:
    return scope.add(Node(id, "endEvent", name, col, row))


def timer_definition(id: str, date: str) -> list[str]:
    return [f"<timerEventDefinition id={q(id + 'Timer')}>",
            f'  <timeDate xsi:type="tFormalExpression">{escape_text(date)}</timeDate>',
            "</timerEventDefinition>"]


def escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def message_definition(id: str, message_id: str) -> list[str]:
    return [f"<messageEventDefinition id={q(id + 'Message')} messageRef={q(message_id)} />"]


def boundary(scope: Scope, id: str, name: str, host: Node, offset: float | None, definition: list[str],
             interrupting: bool, col: float = 0) -> Node:
    attrs = {} if interrupting else {"cancelActivity": "false"}
    node = Node(id, "boundaryEvent", name, col, attrs=attrs, body=definition)
    node.attached_to = host
    node.offset = offset
    return scope.add(node)


def call_activity(scope: Scope, id: str, name: str, col: float, row: float, called: str, out_all: bool,
                  version: str | None = None) -> Node:
    attrs = {"calledElement": called}
    if version is not None:
        attrs["camunda:calledElementBinding"] = "version"
        attrs["camunda:calledElementVersion"] = version
    body = ["<extensionElements>",
            '  <camunda:in businessKey="#{execution.processBusinessKey}" />',
            '  <camunda:in variables="all" />']
    if out_all:
        body.append('  <camunda:out variables="all" />')
    body.append("</extensionElements>")
    return scope.add(Node(id, "callActivity", name, col, row, attrs, body))


def unit(expr: str = "${unit}") -> str:
    return "unit:" + expr


# ---------------------------------------------------------------------- 1. suggestion-handling

OVERDUE_MESSAGES = {"Msg_extensionRequested": "extensionRequested"}


def suggestion_handling() -> str:
    # ---- inside the multi-instance sub-process: one instance per handling unit (主办, or each 分办 unit)
    h = Scope()
    r = 1  # main line of the sub-process grid; row 0 above, rows 2-3 below
    h_start = start(h, "handlingStart", "开始办理", 0, r)
    ack_merge = gateway(h, "acknowledgeMerge", "待签收", 1, r)
    acknowledge = user_task(
        h, "acknowledge", "签收", 2, r, unit(), "unit:acknowledge",
        due="${deadline('reassignmentWindow', assignedAt)}",
        fields=[form_field("ackDecision", "签收意见", "enum", values=[("accept", "签收"), ("reassign", "申请调整承办单位")])])
    ack_gateway = gateway(h, "acknowledgeGateway", "是否申请调整?", 3, r)
    reassign = user_task(
        h, "decideReassignment", "调整承办单位审核", 3, 0, "office", "office:reassign",
        due="${addWorkingDays(today(), 5)}",
        fields=[form_field("reassignApproved", "同意调整", "boolean")])
    plan = user_task(h, "plan", "三定", 4, r, unit(), "unit:plan", due="${addWorkingDays(assignedAt, 15)}")
    visit_before = user_task(h, "visitBefore", "办前拜访", 5, r, unit(), "unit:contact",
                             due="${deadline('firstContact', assignedAt)}")
    fork = gateway(h, "coOpinionFork", "会办与走访", 6, r, "parallelGateway")
    co_opinion = user_task(h, "coOpinion", "会办意见", 7, 0, "unit:${coUnit}", "unit:co-opinion",
                           due="${deadline('coUnitOpinion', assignedAt)}", mi=("${coUnits}", "coUnit"))
    visit_during = user_task(h, "visitDuring", "办中走访", 7, 2, unit(), "unit:contact", due="${replyDue}")
    join = gateway(h, "coOpinionJoin", "会办走访完成", 8, r, "parallelGateway")
    draft_merge = gateway(h, "draftReplyMerge", "待拟答复", 9, r)
    draft = user_task(h, "draftReply", "拟写答复", 10, r, unit(), "unit:reply", due="${replyDue}",
                      fields=[form_field("resultClass", "办理结果分类", "string")])
    key_gateway = gateway(h, "keyGateway", "重点建议?", 11, r)
    committee = user_task(h, "committeeOpinion", "专委会意见", 12, 2, "committee:${committeeId}", "committee:opinion",
                          due="${addWorkingDays(today(), 10)}",
                          fields=[form_field("committeeAgrees", "专委会同意答复", "boolean")])
    leader = user_task(h, "leaderApproval", "领导审批", 13, 2, "leader:${leaderId}", "leader:approval",
                       due="${addWorkingDays(today(), 10)}",
                       fields=[form_field("leaderApproves", "同意答复", "boolean")])
    leader_gateway = gateway(h, "leaderGateway", "领导是否同意?", 14, 2)
    sign_merge = gateway(h, "signOffMerge", "待签发", 15, r)
    sign_off = user_task(h, "signOff", "负责人签发", 16, r, "unitHead:${unit}", "unit:sign-off", due="${replyDue}")
    deliver = service(h, "deliverReply", "送达答复", 17, r, "deliverReply", "sendTask")
    visit_after = user_task(h, "visitAfter", "办后回访", 18, r, unit(), "unit:contact",
                            due="${addWorkingDays(today(), 20)}")
    h_end = end(h, "handlingEnd", "本单位办结", 19, r)

    h.flow(h_start, ack_merge)
    h.flow(ack_merge, acknowledge)
    h.flow(acknowledge, ack_gateway)
    h.flow(ack_gateway, reassign, "申请调整", "${ackDecision == 'reassign'}")
    h.flow(reassign, ack_merge)
    h.flow(ack_gateway, plan, "签收", default=True)
    h.flow(plan, visit_before)
    h.flow(visit_before, fork)
    h.flow(fork, co_opinion)
    h.flow(fork, visit_during)
    h.flow(co_opinion, join)
    h.flow(visit_during, join)
    h.flow(join, draft_merge)
    h.flow(draft_merge, draft)
    h.flow(draft, key_gateway)
    h.flow(key_gateway, committee, "是", "${isKey}")
    h.flow(key_gateway, sign_merge, "否", default=True)
    h.flow(committee, leader)
    h.flow(leader, leader_gateway)
    h.flow(leader_gateway, sign_merge, "同意", "${leaderApproves}", enter="bottom")
    h.flow(leader_gateway, draft_merge, "退回修改", default=True, via=2.6)
    h.flow(sign_merge, sign_off)
    h.flow(sign_off, deliver)
    h.flow(deliver, visit_after)
    h.flow(visit_after, h_end)

    # ---- the process
    p = Scope()
    handling = p.add(Node("handling", "subProcess", "承办单位办理", 1, 0,
                          body=multi_instance("${handlingUnits}", "unit"), scope=h))
    main = p.center_row_of(handling)
    sub_cols = h.outer_size()[0] / COL_W
    below = h.grid_size()[1] / ROW_H + 0.3  # first row under the sub-process

    p_start = start(p, "start", "开始", 0, main)
    # 代表法 Art. 51: the reply is due 3 months after assignment; the domain computes replyDue (and moves it on an extension)
    overdue = boundary(p, "replyOverdue", "答复逾期", handling, None, timer_definition("replyOverdue", "${replyDue}"), False, col=2)
    record_overdue = service(p, "recordOverdue", "记录逾期", 3, below, "recordOverdue")
    supervise = user_task(p, "superviseOverdue", "逾期督办", 4, below, "office", "office:overdue",
                          due="${addWorkingDays(today(), 5)}")
    overdue_end = end(p, "overdueEnd", "督办完成", 5, below)
    extension = boundary(p, "extensionRequested", "申请延期", handling, None,
                         message_definition("extensionRequested", "Msg_extensionRequested"), False, col=6)
    decide_extension = user_task(p, "decideExtension", "延期审批", 7, below, "office", "office:extension",
                                 due="${addWorkingDays(today(), 5)}")
    extension_end = end(p, "extensionEnd", "延期审批完成", 8, below)

    c = 1 + sub_cols
    round_merge = gateway(p, "evaluationRoundMerge", "待测评", c, main)
    notify = service(p, "notifyEvaluationDue", "通知代表测评", c + 1, main, "notifyEvaluationDue", "sendTask")
    evaluate = user_task(p, "evaluate", "代表测评", c + 2, main, "deputy:${evaluator}", "deputy:evaluate",
                         due="${deadline('evaluationWindow', today())}", mi=("${evaluators}", "evaluator"))
    expired = boundary(p, "evaluationExpired", "测评期满", evaluate, 0.5,
                       timer_definition("evaluationExpired", "${deadline('evaluationWindow', today())}"), True)
    not_evaluated = service(p, "markNotEvaluated", "记录未测评", c + 3, main + 1, "markNotEvaluated")
    tally_merge = gateway(p, "tallyMerge", "测评结束", c + 4, main)
    tally = service(p, "tallyEvaluation", "统计测评结果", c + 5, main, "tallyEvaluation")
    outcome = gateway(p, "evaluationOutcome", "测评结果?", c + 6, main)
    interview = user_task(p, "interview", "约谈", c + 7, main - 1, "office", "office:interview",
                          due="${addWorkingDays(today(), 10)}")
    rehandle = user_task(p, "rehandle", "重新办理", c + 8, main - 1, "unit:${handlingUnits[0]}", "unit:reply",
                         due="${deadline('rehandling', today())}",
                         fields=[form_field("resultClass", "办理结果分类", "string")])
    rehandle_sign = user_task(p, "rehandleSignOff", "负责人签发", c + 9, main - 1, "unitHead:${handlingUnits[0]}",
                              "unit:sign-off", due="${addWorkingDays(today(), 5)}")
    redeliver = service(p, "deliverRehandledReply", "送达答复", c + 10, main - 1, "deliverReply", "sendTask")
    follow_gateway = gateway(p, "followUpGateway", "需跟踪督办?", c + 7, main)
    follow_up = call_activity(p, "followUp", "B类跟踪督办", c + 8, main + 1, "b-class-follow-up", False)
    close_merge = gateway(p, "closeMerge", "待办结", c + 9, main)
    inquiry = user_task(p, "proposeInquiry", "提出专题询问建议", c + 8, main + 2, "office", "office:inquiry-proposal",
                        due="${addWorkingDays(today(), 20)}")
    close = service(p, "closeSuggestion", "办结", c + 10, main, "closeSuggestion")
    p_end = end(p, "end", "已办结", c + 11, main)

    p.flow(p_start, handling)
    p.flow(handling, round_merge)
    p.flow(overdue, record_overdue)
    p.flow(record_overdue, supervise)
    p.flow(supervise, overdue_end)
    p.flow(extension, decide_extension)
    p.flow(decide_extension, extension_end)
    p.flow(round_merge, notify)
    p.flow(notify, evaluate)
    p.flow(evaluate, tally_merge)
    p.flow(expired, not_evaluated)
    p.flow(not_evaluated, tally_merge)
    p.flow(tally_merge, tally)
    p.flow(tally, outcome)
    p.flow(outcome, interview, "不满意,重新办理", "${unsatisfied && round < 2}")
    p.flow(outcome, inquiry, "再次不满意", "${unsatisfied && round >= 2}")
    p.flow(outcome, follow_gateway, "满意", default=True)
    p.flow(interview, rehandle)
    p.flow(rehandle, rehandle_sign)
    p.flow(rehandle_sign, redeliver)
    p.flow(redeliver, round_merge, via=main - 2)
    p.flow(follow_gateway, follow_up, "是(B类)", "${needsFollowUp}")
    p.flow(follow_gateway, close_merge, "否", default=True)
    p.flow(follow_up, close_merge)
    p.flow(inquiry, close, enter="bottom")
    p.flow(close_merge, close)
    p.flow(close, p_end)

    return render(
        "suggestionHandlingDefinitions", "suggestion-handling", "办理与测评", p, OVERDUE_MESSAGES,
        "代表建议的办理与测评:各承办单位签收、三定、三访、会办、答复(重点建议经专委会意见和领导审批)、"
        "负责人签发、送达;答复期限(代表法第51条,交办之日起3个月)由子流程边界定时器督办;"
        "代表测评,不满意的约谈并重新办理,再次不满意的提出专题询问建议;B类答复转入跟踪督办。")


# ---------------------------------------------------------------------- 3./4. intake processes


def intake(process_id: str, name: str, between_session: bool) -> str:
    p = Scope()
    r = 2
    window = "${deadline('betweenSessionAssignment', submittedAt)}" if between_session else None
    s = start(p, "start", "收到建议", 0, r)
    review_merge = gateway(p, "reviewMerge", "待审核", 1, r)
    review = user_task(
        p, "review", "审核", 2, r, "office", "office:review", due=window,
        fields=[form_field("decision", "审核意见", "enum",
                           values=[("accept", "立案"), ("revise", "退回修改"), ("convert", "转为来信"), ("merge", "并案")])])
    decision = gateway(p, "reviewGateway", "审核意见?", 3, r)
    revise = user_task(p, "revise", "代表修改", 3, r + 1, "deputy:${leadDeputyId}", "deputy:revise",
                       due="${addWorkingDays(today(), 10)}")
    converted = end(p, "converted", "转为来信", 4, r - 1)
    merged = end(p, "merged", "并案", 4, r - 2)
    # session suggestions are assigned in bulk at the 交办会 (no per-task deadline); between-session ones
    # individually within the window (5-10 working days of receipt)
    assign = user_task(p, "assign", "交办", 4, r, "office", "office:assign", due=window)
    notify = service(p, "notifyAssigned", "通知交办", 5, r, "notifyAssigned", "sendTask")
    # 交办 decides the handling process (ProcessSelection: 重点督办建议 may have its own); no version means the latest.
    handle = call_activity(p, "handle", "办理与测评", 6, r, "${handlingProcess}", True, version="${handlingVersion}")
    done = end(p, "end", "已办结", 7, r)
    withdrawn_assign = boundary(p, "withdrawnBeforeAssignment", "代表撤回", assign, 0.75,
                                message_definition("withdrawnBeforeAssignment", "Msg_withdrawn"), True)
    withdrawn_handle = boundary(p, "withdrawn", "代表撤回", handle, 0.5,
                                message_definition("withdrawn", "Msg_withdrawn"), True)
    record = service(p, "recordWithdrawal", "登记撤回", 7, r + 1, "recordWithdrawal")
    withdrawn_end = end(p, "withdrawnEnd", "已撤回", 8, r + 1)

    p.flow(s, review_merge)
    p.flow(review_merge, review)
    p.flow(review, decision)
    p.flow(decision, assign, "立案", "${decision == 'accept'}")
    p.flow(decision, revise, "退回修改", "${decision == 'revise'}")
    p.flow(decision, converted, "转为来信", "${decision == 'convert'}")
    p.flow(decision, merged, "并案", "${decision == 'merge'}")
    p.flow(revise, review_merge)
    p.flow(assign, notify)
    p.flow(notify, handle)
    p.flow(handle, done)
    p.flow(withdrawn_handle, record)
    p.flow(withdrawn_assign, record, via=r + 2)
    p.flow(record, withdrawn_end)
    kind = "闭会期间提出的代表建议:逐件审核,在交办期限内逐件交办" if between_session else \
        "大会期间提出的代表建议:审核后在交办会上集中交办"
    return render(f"{camel(process_id)}Definitions", process_id, name, p, {"Msg_withdrawn": "withdrawn"},
                  f"{kind};立案后调用“办理与测评”(suggestion-handling);代表书面撤回即停止办理。")


def camel(key: str) -> str:
    parts = key.split("-")
    return parts[0] + "".join(x.capitalize() for x in parts[1:])


# ---------------------------------------------------------------------- 2. b-class-follow-up


def b_class_follow_up() -> str:
    p = Scope()
    r = 0
    s = start(p, "start", "B类答复", 0, r)
    loop = gateway(p, "reportMerge", "待报告", 1, r)
    wait = p.add(Node("nextReport", "intermediateCatchEvent", "下次报告时间", 2, r,
                      body=timer_definition("nextReport", "${deadline('progressReportInterval', today())}")))
    report = user_task(p, "progressReport", "办理进展报告", 3, r, "unit:${handlingUnits[0]}", "unit:progress",
                       due="${addWorkingDays(today(), 20)}",
                       fields=[form_field("solved", "已解决", "boolean")])
    solved = gateway(p, "solvedGateway", "是否已解决?", 4, r)
    rate = user_task(p, "evaluateProgress", "代表评价落实情况", 5, r, "deputy:${leadDeputyId}",
                     "deputy:progress-evaluation", due="${deadline('evaluationWindow', today())}")
    done = end(p, "end", "跟踪结束", 6, r)
    p.flow(s, loop)
    p.flow(loop, wait)
    p.flow(wait, report)
    p.flow(report, solved)
    p.flow(solved, rate, "已解决", "${solved}")
    p.flow(solved, loop, "未解决,继续跟踪", default=True, via=r + 1)
    p.flow(rate, done)
    return render("bClassFollowUpDefinitions", "b-class-follow-up", "B类跟踪督办", p, {},
                  "B类(正在解决或列入计划逐步解决)答复的跟踪督办:每个报告周期承办单位报告进展,"
                  "直到报告已解决并由领衔代表评价落实情况。")


# ---------------------------------------------------------------------- 5. special-inquiry


def special_inquiry() -> str:
    p = Scope()
    r = 0
    s = start(p, "start", "专题询问建议", 0, r)
    decide = user_task(
        p, "decideInquiry", "主任会议决定", 1, r, "leaders", "leaders:inquiry-decision",
        fields=[form_field("inquiryDecision", "主任会议决定", "enum", values=[("hold", "开展专题询问"), ("reject", "不予开展")])])
    decision = gateway(p, "inquiryGateway", "是否开展?", 2, r)
    hold = user_task(p, "holdInquiry", "召开专题询问", 3, r, "office", "office:inquiry-meeting")
    follow = user_task(p, "followUpInquiry", "整改跟踪", 4, r, "office", "office:inquiry-follow-up")
    done = end(p, "end", "询问结束", 5, r)
    rejected = end(p, "rejected", "不予开展", 3, r + 1)
    p.flow(s, decide)
    p.flow(decide, decision)
    p.flow(decision, hold, "开展", "${inquiryDecision == 'hold'}")
    p.flow(decision, rejected, "不予开展", "${inquiryDecision == 'reject'}")
    p.flow(hold, follow)
    p.flow(follow, done)
    return render("specialInquiryDefinitions", "special-inquiry", "专题询问", p, {},
                  "监督法第47-50条:联工委把多次不满意的建议按承办单位或类别归为询问议题,"
                  "由主任会议决定是否在常委会会议上开展专题询问,召开后跟踪整改。")


FILES = {
    "suggestion-handling.bpmn": suggestion_handling,
    "b-class-follow-up.bpmn": b_class_follow_up,
    "session-suggestion.bpmn": lambda: intake("session-suggestion", "大会建议", False),
    "between-session-suggestion.bpmn": lambda: intake("between-session-suggestion", "闭会建议", True),
    "special-inquiry.bpmn": special_inquiry,
}


def main() -> int:
    check = "--check" in sys.argv
    stale = []
    for file_name, build in FILES.items():
        xml = build()
        path = OUT / file_name
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != xml:
                stale.append(file_name)
            continue
        path.write_text(xml, encoding="utf-8")
        print(f"wrote {path.relative_to(REPO)}")
    if stale:
        print("out of date (run tools/bpmn-layout/workflows.py): " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
