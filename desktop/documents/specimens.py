"""Specimen documents (样张): realistic DTOs for every document, for printing a test page on a new printer or PC,
for ``make samples`` (tools/make_samples.py), the documents benchmark and the tests.

The people are fictional; their ID numbers carry valid check characters (GB 11643). Two names use rare
characters on purpose (𠮷 U+20BB7 in CJK Extension B, 䶮 U+4DAE in Extension A) so that every specimen also
proves the rare-character fallback.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time

from reportlab.pdfgen.canvas import Canvas

from desktop.documents.acceptance_notice import AcceptanceNotice
from desktop.documents.case_file import MEDIATION, Attachment, CaseFile
from desktop.documents.case_file import PETITION as PETITION_VOLUME
from desktop.documents.common import APPLICANT, ORGANISATION, RESPONDENT, Party
from desktop.documents.dispute_registration import DisputeRegistration
from desktop.documents.follow_up_record import MEDIATION as FOLLOW_MEDIATION
from desktop.documents.follow_up_record import PETITION as FOLLOW_PETITION
from desktop.documents.follow_up_record import FollowUpRecord
from desktop.documents.fonts import FontSet, default_fonts
from desktop.documents.mediation_agreement import AgreementTerm, MediationAgreement
from desktop.documents.mediation_record import MediationRecord, Utterance
from desktop.documents.non_acceptance_notice import NonAcceptanceNotice
from desktop.documents.petition_receipt import PetitionReceipt
from desktop.documents.reply_opinion import ReplyOpinion, RequestDecision
from desktop.documents.room_schedule import RoomDaySchedule, ScheduledSession
from desktop.documents.route_map import RouteStep
from desktop.documents.ticket import TicketSlip

CENTER = "虎山镇一站式综合服务中心"
COMMITTEE = "虎山镇人民调解委员会"
PETITION_OFFICE = "虎山镇人民政府信访办公室"
CASE_NO = "（2026）虎调字第012号"
PETITION_NO = "（2026）虎信字第034号"
MATTER_CODE = "HS-2026-000287"  # the dispute's matter (一案一码)
PETITION_MATTER_CODE = "HS-2026-000341"

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(first17: str) -> str:
    """Completes 17 digits with the ISO 7064 MOD 11-2 check character."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


APPLICANT_PARTY = Party(
    name="陈𠮷林", side=APPLICANT, gender="男", ethnicity="汉族", birth_date=date(1968, 4, 17),
    id_number=resident_id("32058319680417301"), phone="13913572468",
    address="江苏省苏州市虎山镇青石村三组15号", occupation="农民")
RESPONDENT_PARTY = Party(
    name="李䶮", side=RESPONDENT, gender="男", ethnicity="汉族", birth_date=date(1979, 11, 2),
    id_number=resident_id("32058319791102503"), phone="13862024816",
    address="江苏省苏州市虎山镇青石村三组17号", occupation="个体经营户")
COMPANY_PARTY = Party(
    name="苏州虎山建设工程有限公司", side=RESPONDENT, kind=ORGANISATION, address="江苏省苏州市虎山镇工业园区振兴路8号",
    representative="赵建国", credit_code="91320583MA1XYZ8K2Q", phone="0512-57681234", agent="孙立（公司法务）")
PETITIONER = Party(name="王秀英", gender="女", id_number=resident_id("32058319750309402"), phone="13771234567",
                   address="江苏省苏州市虎山镇东湖社区12幢302室")


def ticket() -> TicketSlip:
    return TicketSlip(center_name=CENTER, number="C012", service_name="矛盾调解", waiting_ahead=3,
                      issued_at=datetime(2026, 11, 20, 9, 41, 27), priority=True)


def petition_receipt() -> PetitionReceipt:
    return PetitionReceipt(
        office=CENTER, registration_no=PETITION_NO, query_code="HX7K29QD", received_at=datetime(2026, 11, 20, 10, 12),
        petitioner=PETITIONER, source="走访", category="民生保障／劳动保障", co_petitioners=11,
        summary="反映虎山镇振兴路安置房项目施工方拖欠本人及同村11名工友2026年6月至9月工资共计人民币86400元，"
                "要求协调施工单位尽快足额支付。",
        clerk="周晓燕", contact_phone="0512-57680012", query_url="https://hushan.example.gov.cn/xf?code=HX7K29QD",
        matter_code=PETITION_MATTER_CODE)


def acceptance_notice() -> AcceptanceNotice:
    return AcceptanceNotice(
        office=PETITION_OFFICE, document_no="虎信受告〔2026〕34号", petitioner_name="王秀英等12人",
        received_on=date(2026, 11, 20), registration_no=PETITION_NO,
        summary="虎山镇振兴路安置房项目施工方拖欠你们2026年6月至9月工资共计人民币86400元，要求协调支付。",
        accepted_on=date(2026, 11, 24), handling_body="虎山镇劳动保障所", conclude_by=date(2027, 1, 23),
        issued_on=date(2026, 11, 24), contact="周晓燕　0512-57680012", matter_code=PETITION_MATTER_CODE)


def non_acceptance_notice() -> NonAcceptanceNotice:
    return NonAcceptanceNotice(
        office=PETITION_OFFICE, document_no="虎信不受告〔2026〕7号", petitioner_name="刘德明",
        received_on=date(2026, 11, 18),
        summary="要求撤销虎山镇人民法院（2026）苏0583民初1234号民事判决，重新判决房屋买卖合同纠纷。",
        reason="你反映的事项属于已经或者依法应当通过诉讼途径解决的事项，不属于信访事项受理范围",
        channel="依照《中华人民共和国民事诉讼法》的规定，在法定期限内向上一级人民法院提起上诉或者申请再审",
        issued_on=date(2026, 11, 25), contact="周晓燕　0512-57680012")


def reply_opinion() -> ReplyOpinion:
    return ReplyOpinion(
        office=PETITION_OFFICE, document_no="虎信复〔2026〕34号", petitioners=(PETITIONER,),
        received_on=date(2026, 11, 20), accepted_on=date(2026, 11, 24), registration_no=PETITION_NO,
        summary="虎山镇振兴路安置房项目施工方苏州虎山建设工程有限公司拖欠其本人及同村11名工友2026年6月至9月工资"
                "共计人民币86400元，要求：一是督促施工方足额支付拖欠工资；二是由施工方承担逾期支付的利息。",
        facts="经虎山镇劳动保障所调查核实，王秀英等12人自2026年6月起在振兴路安置房项目从事瓦工、小工工作，由班组长"
              "张某某招用，工资由苏州虎山建设工程有限公司按月发放。2026年6月至9月，该公司以工程款未结算为由，未发放"
              "上述人员工资，经考勤表、工资表及班组长证言核对，欠付工资共计人民币86400元，信访人反映情况属实。\n"
              "2026年12月5日，经虎山镇劳动保障所协调，苏州虎山建设工程有限公司已通过农民工工资专用账户向12名工人"
              "足额支付欠付工资86400元，工人已签字确认收到。",
        basis="《保障农民工工资支付条例》第三条、第二十九条、第三十条；《信访工作条例》第三十二条、第三十三条。",
        decisions=(
            RequestDecision("督促施工方足额支付拖欠的工资",
                            "予以支持。施工方已于2026年12月5日足额支付欠付工资86400元，该项请求已经解决。"),
            RequestDecision("由施工方承担逾期支付工资的利息",
                            "不予支持。逾期支付的利息属于民事赔偿事项，可以依法向劳动人事争议仲裁委员会申请仲裁，"
                            "本机关可以为你们联系法律援助。"),
        ),
        review_body="苏州市虎山区人民政府", issued_on=date(2026, 12, 10))


def dispute_registration() -> DisputeRegistration:
    return DisputeRegistration(
        committee=COMMITTEE, case_number=CASE_NO, registered_on=date(2026, 11, 16), source="申请调解",
        dispute_type="邻里纠纷", place="虎山镇青石村三组", parties=(APPLICANT_PARTY, RESPONDENT_PARTY),
        summary="申请人陈𠮷林与被申请人李䶮系青石村三组前后邻居。2026年9月，被申请人在自家宅基地东侧加建一层彩钢"
                "棚屋，并将雨水排水管接至两家之间的公共通道，致申请人院墙根部长期积水，院墙出现两处长约1.2米的裂缝。"
                "申请人多次上门协商未果，双方于10月下旬发生争吵，村委会调解一次未成。",
        requests="1．被申请人将排水管改接至村内排水沟；2．被申请人赔偿院墙修复费用人民币6000元。",
        registrar="周晓燕", mediators=("刘明华", "吴静"), acceptance="符合《人民调解法》规定的受理条件，当事人自愿申请调解，同意受理。")


_ROUNDS = (
    ("调解员刘明华", "今天我们在人民调解室一进行第一次调解。调解遵循自愿、平等、合法的原则，调解不是诉讼的必经程序，"
                  "双方都可以随时提出终止调解。调解过程中请双方如实陈述，相互尊重，不要打断对方。双方是否清楚？"),
    ("申请人陈𠮷林", "清楚。"),
    ("被申请人李䶮", "清楚。"),
    ("调解员刘明华", "请申请人先讲一下纠纷的经过和你的要求。"),
    ("申请人陈𠮷林", "今年九月份，他在自家东边搭了一个彩钢棚，下雨天棚顶的水全部顺着管子排到我们两家中间的通道上，"
                  "通道本来就低，水排不出去，都积在我家院墙下面。十月份下了几场大雨，院墙根泡软了，墙上开了两道缝，"
                  "一道在东头，一道在中间，都有一米多长。我找过他三次，他都说没事，后来还跟我吵起来。我的要求就两条："
                  "一是把管子改到村里的排水沟去，二是把我院墙修好的钱出了。"),
    ("调解员刘明华", "请被申请人说一下你的意见。"),
    ("被申请人李䶮", "棚子是我搭的，这个我承认。但是那条通道本来下雨就积水，不能说墙裂了全是我一家的原因。他家的墙是"
                  "二〇〇几年砌的，年头也长了。排水管改道我可以考虑，但是要我出六千块钱修墙，我不同意。"),
    ("调解员吴静", "我们上周去现场看过，也拍了照片。通道确实比两边院子低，但是在你接管子之前，村里的老人都说没有"
                "长期积水的情况。你的彩钢棚屋顶面积有三十多个平方，下雨集中排到一个点，这个影响是客观存在的。"),
    ("被申请人李䶮", "这个我也认。那修墙的钱能不能少一点？"),
    ("调解员刘明华", "申请人，你说的六千元是怎么算出来的？有没有依据？"),
    ("申请人陈𠮷林", "我问了村里做泥瓦的老王，他说要把墙根挖开重新做防水，再把裂缝的两段拆了重砌，材料加人工差不多"
                  "六千。老王写了个单子，我带来了。"),
    ("调解员吴静", "这个报价单我们看一下。材料是两千四，人工三天三个人是两千七，另外加了九百的垃圾清运和杂费。"),
    ("被申请人李䶮", "垃圾清运哪要九百？我可以自己开车帮他运。"),
    ("调解员刘明华", "这个意见可以考虑。双方都退一步：被申请人负责改排水管，费用自己承担；院墙修复费用按材料和人工"
                  "计算，清运由被申请人出车帮忙。申请人看是否可以接受？"),
    ("申请人陈𠮷林", "管子必须在这个月底前改好，不然再下雨又要泡。钱的话，我看在邻居的份上，可以让一点。"),
    ("被申请人李䶮", "我月底前肯定改好。钱我最多出四千五。"),
    ("调解员吴静", "两位都是几十年的老邻居了，远亲不如近邻。四千五和五千一之间，差得也不多。调解员建议按五千元"
                "处理，分两次付清，第一次在签协议的时候付三千，剩下的两千在墙修好以后付，双方看行不行？"),
    ("申请人陈𠮷林", "可以，我同意。"),
    ("被申请人李䶮", "行，我也同意。"),
)


def mediation_record(*, rounds: int = 1) -> MediationRecord:
    """One session; ``rounds`` > 1 repeats the negotiation (as further rounds) for a long, many-page record."""
    entries: list[Utterance] = []
    for n in range(rounds):
        for speaker, text in _ROUNDS:
            if n and speaker.startswith("调解员") and text.startswith("今天"):
                text = f"下面进行第{n + 1}轮协商，请双方围绕排水管改道的具体走向和院墙修复的分工再逐项说明意见。"
            entries.append(Utterance(speaker, text))
    return MediationRecord(
        committee=COMMITTEE, case_number=CASE_NO, session_no=1, started_at=datetime(2026, 11, 20, 9, 0),
        ended_at=datetime(2026, 11, 20, 10, 40), place="虎山镇一站式综合服务中心人民调解室一",
        mediators=("刘明华", "吴静"), recorder="吴静", parties=(APPLICANT_PARTY, RESPONDENT_PARTY),
        others_present=("青石村村民委员会主任王建国",), entries=tuple(entries),
        result="双方自愿达成调解协议，当场签订人民调解协议书。")


def long_mediation_record(pages: int = 20) -> MediationRecord:
    """A record long enough to fill about ``pages`` pages."""
    return mediation_record(rounds=max(1, round(pages / 2.1)))


def mediation_agreement() -> MediationAgreement:
    return MediationAgreement(
        committee=COMMITTEE, case_number=CASE_NO, parties=(APPLICANT_PARTY, RESPONDENT_PARTY), dispute_type="邻里纠纷",
        facts="申请人陈𠮷林与被申请人李䶮系虎山镇青石村三组前后邻居。2026年9月，被申请人在自家宅基地东侧加建彩钢棚屋，"
              "将棚顶雨水经排水管排至两家之间的公共通道，致申请人院墙根部积水，院墙出现两处长约1.2米的裂缝。",
        disputed_matters="一是被申请人的排水管是否应当改道及改道期限；二是申请人院墙修复费用的承担。",
        responsibilities="被申请人加建棚屋后集中排水，是申请人院墙受损的主要原因，应当承担主要责任；申请人院墙建成年限较长、"
                         "基础防水不足，对损害扩大负有一定责任。",
        terms=(
            AgreementTerm("被申请人李䶮自行出资将彩钢棚屋的雨水排水管改接至村内东侧排水沟，不再向两家之间的公共通道排水。",
                          "被申请人自行施工，完工后由青石村村民委员会现场确认", date(2026, 11, 30)),
            AgreementTerm("被申请人李䶮补偿申请人陈𠮷林院墙修复费用人民币伍仟元整（¥5,000.00）。",
                          "现金或银行转账支付给申请人，分两期：第一期叁仟元，第二期贰仟元",
                          "第一期于本协议签订之日当场支付；第二期于院墙修复完工后三日内支付"),
            AgreementTerm("院墙修复产生的建筑垃圾由被申请人李䶮出车协助清运。",
                          "被申请人自备车辆清运至村指定堆放点", "院墙修复完工当日"),
            AgreementTerm("双方就本纠纷再无其他争议，今后和睦相处，互不追究。", "双方共同遵守", "本协议生效之日起"),
        ),
        mediators=("刘明华", "吴静"), signed_on=date(2026, 11, 20), place="虎山镇一站式综合服务中心人民调解室一",
        matter_code=MATTER_CODE)


def follow_up_record() -> FollowUpRecord:
    return FollowUpRecord(
        organisation=COMMITTEE, case_number=CASE_NO, case_kind=FOLLOW_MEDIATION, subject="邻里纠纷（排水、院墙受损）",
        visited_at=datetime(2026, 12, 15, 14, 30), method="上门回访", visitor="吴静", interviewee="陈𠮷林",
        interviewee_role="申请人", interviewee_phone=APPLICANT_PARTY.phone,
        performance="被申请人已于2026年11月28日将排水管改接至村东排水沟，经村委会确认；第一期补偿款3000元已于签订协议当日"
                    "支付，院墙于12月8日修复完工，第二期补偿款2000元已于12月10日支付。协议已全部履行。",
        satisfaction="满意",
        content="申请人表示院墙修好后下雨没有再积水，邻里关系已经缓和，对调解结果和调解员的工作表示满意。回访时被申请人"
                "也在家，表示今后有事好好商量。",
        action="无。本案履行完毕，建议结案归档。")


def room_schedule() -> RoomDaySchedule:
    return RoomDaySchedule(
        center_name=CENTER, room_name="人民调解室一", day=date(2026, 11, 20), printed_at=datetime(2026, 11, 20, 8, 15),
        sessions=(
            ScheduledSession(time(9, 0), time(10, 40), "邻里纠纷调解", "刘明华、吴静", CASE_NO, "不公开"),
            ScheduledSession(time(11, 0), time(11, 45), "婚姻家庭纠纷调解（回访）", "吴静", "（2026）虎调字第009号", "不公开"),
            ScheduledSession(time(14, 0), time(15, 30), "劳动争议调解（欠薪）", "刘明华、镇劳动保障所孙伟",
                             "（2026）虎调字第013号", "公开"),
            ScheduledSession(time(15, 45), time(16, 30), "物业纠纷调解", "张立新", "（2026）虎调字第015号", "公开"),
        ))


def attachment_pdf(title: str, lines: list[str], fonts: FontSet | None = None) -> bytes:
    """A small PDF of evidence as a clerk would scan it in (for the case-file specimen)."""
    fonts = fonts or default_fonts()
    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=(595.27, 841.89), invariant=1, initialFontName=fonts.primary("song"))
    canv.setFont(fonts.primary("hei"), 20)
    canv.drawCentredString(297, 760, title)
    canv.setFont(fonts.primary("song"), 13)
    y = 720
    for line in lines:
        canv.drawString(80, y, line)
        y -= 22
    canv.showPage()
    canv.save()
    return buf.getvalue()


def _step(route: str, name: str, handler: str, entered: datetime, left: datetime | None, due: date | None = None,
          reason: str = "", *, until: datetime | None = None) -> RouteStep:
    return RouteStep(route, name, handler, entered, left, ((left or until) - entered).total_seconds() / 86400, due,
                     reason)


def case_file(*, record_pages: int = 2) -> CaseFile:
    quote = attachment_pdf("院墙维修报价单", ["报价人：王金根（青石村泥瓦匠）", "1．材料（水泥、砖、防水涂料）：2400元",
                                               "2．人工（3人×3天）：2700元", "3．建筑垃圾清运及杂费：900元",
                                               "合计：陆仟元整（6000元）", "2026年11月12日"])
    return CaseFile(
        kind=MEDIATION, office=COMMITTEE, case_number=CASE_NO, cause="邻里纠纷（排水致院墙受损）",
        parties=(APPLICANT_PARTY.name, RESPONDENT_PARTY.name), received_on=date(2026, 11, 16),
        closed_on=date(2026, 12, 15), handler="刘明华", retention="长期（30年）",
        documents=(dispute_registration(), long_mediation_record(record_pages) if record_pages > 2 else mediation_record(),
                   mediation_agreement(), follow_up_record()),
        attachments=(
            Attachment("院墙维修报价单", quote, "报价单.pdf", "陈𠮷林", date(2026, 11, 12)),
            Attachment("现场照片（院墙裂缝）", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(200), "现场照片.jpg",
                       "调解员吴静", date(2026, 11, 18)),
        ),
        compiled_on=date(2026, 12, 18), compiled_by="吴静", matter_code=MATTER_CODE, route=(
            _step("窗口办理", "窗口受理（法律咨询）", "2号窗口", datetime(2026, 11, 16, 9, 30), datetime(2026, 11, 16, 10, 5)),
            _step("人民调解", "调解受理", "虎山镇人民调解委员会", datetime(2026, 11, 16, 10, 5),
                  datetime(2026, 12, 15, 16, 0), date(2026, 12, 16), "邻里排水纠纷，双方同意调解"),
            _step("司法确认", "申请司法确认", "虎山镇人民法院", datetime(2026, 12, 15, 16, 0), None, date(2027, 1, 14),
                  "双方于调解协议生效后共同申请司法确认", until=datetime(2026, 12, 18, 11, 0))))


def petition_follow_up_record() -> FollowUpRecord:
    return FollowUpRecord(
        organisation=PETITION_OFFICE, case_number=PETITION_NO, case_kind=FOLLOW_PETITION,
        subject="振兴路安置房项目拖欠农民工工资", visited_at=datetime(2026, 12, 16, 9, 30), method="电话回访",
        visitor="周晓燕", interviewee=PETITIONER.name, interviewee_role="信访人", interviewee_phone=PETITIONER.phone,
        satisfaction="满意",
        content="信访人表示12名工人的工资已全部到账，对处理结果满意；利息问题已由法律援助中心指导申请仲裁。")


def petition_case_file() -> CaseFile:
    """A closed petition's volume: receipt, 受理告知书, 答复意见书, follow-up record, one attached PDF."""
    payroll = attachment_pdf("工资欠付明细表", ["振兴路安置房项目瓦工班组 2026年6月至9月", "王秀英等12人",
                                                "欠付工资合计：人民币86400元", "班组长：张某某（签字）"])
    return CaseFile(
        kind=PETITION_VOLUME, office=PETITION_OFFICE, case_number=PETITION_NO, cause="劳动保障：拖欠农民工工资",
        parties=(PETITIONER.name,), received_on=date(2026, 11, 20), closed_on=date(2026, 12, 16),
        handler="虎山镇劳动保障所 钱明", retention="30年",
        documents=(petition_receipt(), acceptance_notice(), reply_opinion(), petition_follow_up_record()),
        attachments=(Attachment("工资欠付明细表", payroll, "明细表.pdf", PETITIONER.name, date(2026, 11, 20)),),
        compiled_on=date(2026, 12, 18), compiled_by="周晓燕", matter_code=PETITION_MATTER_CODE, route=(
            _step("窗口办理", "窗口受理（劳动保障）", "3号窗口", datetime(2026, 11, 20, 9, 48), datetime(2026, 11, 20, 10, 12)),
            _step("信访", "信访受理", "虎山镇人民政府信访办公室", datetime(2026, 11, 20, 10, 12),
                  datetime(2026, 11, 24, 15, 30), date(2026, 12, 5), "12名工人联名反映拖欠工资，转信访登记"),
            _step("信访", "交办劳动保障所", "虎山镇劳动保障所", datetime(2026, 11, 24, 15, 30),
                  datetime(2026, 12, 16, 10, 0), date(2027, 1, 23), "受理后交有权处理的单位办理")))
