"""Question forms a fresh batch of dev questions broke (round 13): claims about people the
documents never name, "thuộc cơ quan nào", a document that is the act, counts opened by a
measure word, "ra sao / thế nào", and "trường nào" beside a unit heading.

Written for failures of the dev split (never the test split). Every passage is
invented, in provinces and wording that are not the seed corpus (Bình Định,
Hà Giang), so a rule that passes here was not fitted to the seed layouts.
"""

from __future__ import annotations

from khcn_qa.answer import analyze_question, check_citations, compose_answer
from khcn_qa.answer.candidates import _count_fit
from khcn_qa.answer.patterns import organisations
from khcn_qa.answer.question import manner_verb
from khcn_qa.evaluation.metrics import answer_stated
from khcn_qa.records import Answer, Chunk, DocumentMeta, Hit
from khcn_qa.text.normalize import fold

HG = DocumentMeta(source="ha-giang-skhcn-kh-2025.docx", doc_type="Kế hoạch", number="21/KH-SKHCN", date="2025-01-15", year=2025,
                  province="Hà Giang", issuer="Sở Khoa học và Công nghệ tỉnh Hà Giang", signer="Lò Văn Pín",
                  title="Kế hoạch hoạt động khoa học và công nghệ năm 2025")
BD = DocumentMeta(source="binh-dinh-bc-thang-3-2025.pdf", doc_type="Báo cáo", number="40/BC-SKHCN", date="2025-03-28", year=2025,
                  province="Bình Định", issuer="Sở Khoa học và Công nghệ tỉnh Bình Định",
                  title="Báo cáo kết quả hoạt động khoa học và công nghệ tháng 3 năm 2025")


def chunk(text: str, section: tuple[str, ...] = (), meta: DocumentMeta = HG, **extra: object) -> Chunk:
    return Chunk(source=meta.source, ordinal=1, text=text, section=section, **extra)  # type: ignore[arg-type]


def answer_of(question: str, *chunks: Chunk, meta: DocumentMeta = HG, mentions: object = None) -> Answer:
    hits = [Hit(chunk=c, meta=meta, score=0.9 - 0.05 * i, rank=i + 1, signals={}) for i, c in enumerate(chunks)]
    answer = compose_answer(question, hits, abstain_below=0.0, mentions=mentions)  # type: ignore[arg-type]
    assert check_citations(answer.text, answer.citations) == [], answer.text
    return answer


def ask(question: str, *chunks: Chunk, meta: DocumentMeta = HG) -> str:
    return answer_of(question, *chunks, meta=meta).text


INSPECTION = chunk("Chỉ đạo công tác thanh tra, kiểm tra chuyên ngành; tiếp công dân, giải quyết khiếu nại, tố cáo.",
                   section=("II. NHIỆM VỤ CỤ THỂ", "10. Thanh tra Sở"), fields={"Lãnh đạo chỉ đạo": "Giám đốc"})


def test_a_claim_about_a_person_no_document_names_abstains() -> None:
    """"Bà Hoàng Thị Thu Hà chỉ đạo … phải không?": nobody of that name is in the index, so
    neither "Có" nor "Không" is known; the whole name (five capitals with the title) is read."""
    question = "Bà Hoàng Thị Thu Hà chỉ đạo công tác thanh tra ở Sở KHCN Hà Giang phải không?"
    assert analyze_question(question).persons == ("Hoàng Thị Thu Hà",)
    named = {"lo van pin"}
    answer = answer_of(question, INSPECTION, mentions=lambda name: fold(name) in named)
    assert answer.abstained and "Hoàng Thị Thu Hà" in answer.text, answer.text
    # A person the documents do name is judged against the passage, as before.
    known = answer_of("Ông Lò Văn Pín chỉ đạo công tác thanh tra ở Sở KHCN Hà Giang phải không?", INSPECTION,
                      mentions=lambda name: fold(name) in named)
    assert not known.abstained, known.text


def test_a_units_post_after_a_title_is_no_person() -> None:
    """"Tran Thi Mai la PGD So KHCN Ha Giang …" typed bare: the name opening the question is a
    person; "PGD So KHCN Ha Giang" is a post in a unit, not a second one."""
    assert analyze_question("Tran Thi Mai la PGD So KHCN Ha Giang chi dao linh vuc nao").persons == ("Tran Thi Mai",)


def test_thuoc_co_quan_nao_after_a_code_asks_its_issuer() -> None:
    """"Văn bản 512/KH-TĐC … thuộc cơ quan nào?" asks whose plan it is: the body after "của"."""
    row = chunk("Xây dựng kế hoạch kiểm tra hàng đóng gói sẵn dịp Tết (triển khai Kế hoạch số 512/KH-TĐC ngày 10/12/2024 "
                "của Tổng cục Tiêu chuẩn Đo lường Chất lượng); UBND huyện Quản Bạ chủ trì thực hiện.",
                section=("I. KẾT QUẢ", "7. Tiêu chuẩn đo lường chất lượng"), meta=BD)
    answer = ask("van ban 512/KH-TDC ma Binh Dinh trien khai kiem tra hang dong goi san thuoc co quan nao", row, meta=BD)
    assert answer_stated(answer, ["Tổng cục Tiêu chuẩn Đo lường Chất lượng"]), answer


def test_a_document_that_is_the_act_dates_it() -> None:
    """"UBND báo cáo … năm 2024 bằng văn bản số 17 khi nào?": the report is the act, its date the
    answer, though the question names the year the report is about."""
    text = chunk("Tham mưu UBND tỉnh ban hành Báo cáo số 17/BC-UBND ngày 14/01/2025 về tình hình duy trì hệ thống quản lý "
                 "chất lượng theo TCVN ISO 9001:2015 trong các cơ quan hành chính nhà nước tỉnh năm 2024.",
                 section=("I. KẾT QUẢ", "1. Công tác tham mưu"), meta=BD)
    answer = ask("UBND Binh Dinh bao cao tinh hinh duy tri he thong ISO trong co quan hanh chinh nam 2024 bang van ban so 17 khi nao",
                 text, meta=BD)
    assert answer_stated(answer, ["14/01/2025"]), answer


def test_a_measure_word_counts_whatever_body_follows_it() -> None:
    """"Bao nhiêu lượt đơn vị …" is answered by "15 lượt doanh nghiệp": the measure holds and a
    business is a body; a measure of another kind does not."""
    noun = ("luot", "don", "vi")
    assert _count_fit("15 lượt doanh nghiệp", noun) >= 0.75
    assert _count_fit("15 đợt kiểm tra", noun) < 0.5
    target = chunk("- Đến năm 2027, có 15 lượt doanh nghiệp, tổ chức đạt giải thưởng chất lượng quốc gia.",
                   section=("II. MỤC TIÊU", "2. Mục tiêu cụ thể"))
    answer = ask("Bao nhiêu lượt đơn vị ở Hà Giang được đặt mục tiêu đạt giải thưởng chất lượng quốc gia tới 2027?", target)
    assert answer_stated(answer, ["15 lượt"]), answer


def test_ra_sao_about_a_result_adds_the_sentence_that_states_it() -> None:
    """"… cho kết quả ra sao?" is told by the sentence opening with "Kết quả", after the one the
    topic matches."""
    text = chunk("Đã kiểm định, hiệu chuẩn 210 phương tiện đo các loại của 36 cơ sở. Kết quả đều đạt yêu cầu kỹ thuật đo lường. "
                 "Tiếp tục hướng dẫn các cơ sở kinh doanh xăng dầu.", section=("I. KẾT QUẢ", "8. Đo lường"), meta=BD)
    answer = ask("Đợt kiểm định 210 phương tiện đo tháng 3/2025 ở Bình Định cho kết quả ra sao?", text, meta=BD)
    assert answer_stated(answer, ["đạt yêu cầu"]), answer


def test_the_nao_about_a_budget_asks_how_not_how_much() -> None:
    """"… được lập dự toán thế nào?" asks the rule followed, not a figure."""
    analysis = analyze_question("Kinh phí ngân sách hằng năm cho các nhiệm vụ của kế hoạch được lập dự toán thế nào?")
    assert analysis.answer_type == "open", analysis.answer_type
    text = chunk("Đối với nguồn vốn ngân sách nhà nước, việc lập dự toán hằng năm được thực hiện theo quy định của Luật Ngân sách nhà "
                 "nước. Năm 2025 bố trí 12 nhiệm vụ trọng tâm.", section=("IV. KINH PHÍ",))
    answer = ask("Kinh phí ngân sách hằng năm cho các nhiệm vụ của kế hoạch được lập dự toán thế nào?", text)
    assert answer_stated(answer, ["Luật Ngân sách nhà nước"]), answer


def test_a_manner_question_is_told_by_the_sentence_with_its_verb() -> None:
    """"Các mục tiêu … phải được triển khai như thế nào?": the sentence that says how they are
    carried out ("triển khai … kịp thời, quyết liệt"), not one that only names the goals."""
    assert manner_verb(fold("Các mục tiêu phải được triển khai như thế nào?")) == ("trien", "khai")
    assert manner_verb(fold("Tình hình an ninh tháng 01/2025 ra sao?")) == ()
    text = chunk("Tập trung triển khai kịp thời, quyết liệt, đồng bộ các mục tiêu khoa học, công nghệ và đổi mới sáng tạo năm 2025. "
                 "Phát triển mạnh khoa học, công nghệ và đổi mới sáng tạo để đạt các mục tiêu khoa học, công nghệ kế hoạch năm 2025.",
                 section=("I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích"))
    answer = ask("Theo mục đích kế hoạch 2025, các mục tiêu khoa học, công nghệ và đổi mới sáng tạo phải được triển khai như thế nào?", text)
    assert answer_stated(answer, ["kịp thời, quyết liệt"]), answer


def test_a_school_asked_beats_the_unit_heading_above_it() -> None:
    """"… hợp tác với trường nào?": the "Trường …" the passage names, not the unit whose heading
    the passage sits under; "kinh tế thị trường" names no school."""
    text = chunk("Tiếp tục phát triển kinh tế thị trường định hướng xã hội chủ nghĩa và hội nhập quốc tế trong hoạt động "
                 "khoa học; thực hiện chương trình hợp tác giữa Sở Khoa học và Công nghệ và Trường Đại học Tây Bắc; "
                 "phối hợp hỗ trợ xã biên giới Phó Bảng.", section=("II. NHIỆM VỤ", "2. Phòng Quản lý khoa học"),
                 unit="Phòng Quản lý khoa học")
    assert not any(m.value.startswith("trường") for m in organisations(text.text))
    answer = ask("Kế hoạch năm 2025 của Sở Hà Giang nêu hợp tác với trường nào?", text)
    assert answer_stated(answer, ["Trường Đại học Tây Bắc"]), answer


CITES = chunk("- Trình phê duyệt Đề án vị trí việc làm theo Thông tư số 07/2024/TT-BKHCN ngày 12/6/2024 của Bộ KH&CN hướng dẫn về "
              "vị trí việc làm công chức chuyên ngành khoa học và công nghệ.\n- Thực hiện nhiệm vụ được giao tại Quyết định số "
              "1502/QĐ-UBND ngày 03/11/2019 của UBND tỉnh về ban hành biểu mẫu thu thập hệ thống chỉ tiêu thống kê cấp tỉnh.",
              section=("II. NHIỆM VỤ", "6. Hành chính, tổ chức"))


def test_a_claim_about_what_a_cited_document_is_about_is_judged_by_its_citation() -> None:
    """"Thông tư 07/2024/TT-BKHCN … hướng dẫn về định mức kinh tế - kỹ thuật, đúng không?": the
    citation says what it guides ("vị trí việc làm …"); the task around it says nothing of that."""
    wrong = answer_of("Thông tư 07/2024/TT-BKHCN mà kế hoạch nhắc tới hướng dẫn về định mức kinh tế - kỹ thuật, đúng không?", CITES)
    assert not wrong.abstained and answer_stated(wrong.text, ["Không"]), wrong.text
    other = ask("Có phải Quyết định 1502/QĐ-UBND mà Sở thực hiện là quyết định về chuyển đổi số không?", CITES)
    assert answer_stated(other, ["Không"]), other
    right = ask("Có phải Thông tư 07/2024/TT-BKHCN là thông tư về vị trí việc làm công chức chuyên ngành không?", CITES)
    assert answer_stated(right, ["Có"]), right


def test_a_claimed_issue_month_of_a_document_named_by_number_is_checked() -> None:
    """"Văn bản 1502 … ký hồi tháng 11/2019 đúng không?": the number names the decision and its
    citation's date ("ngày 03/11/2019") judges the month; another month is "Không"."""
    right = ask("van ban 1502 cua UBND Ha Giang ve bieu mau thu thap chi tieu thong ke ky hoi thang 11/2019 dung khong", CITES)
    assert answer_stated(right, ["Có"]), right
    wrong = ask("van ban 1502 cua UBND Ha Giang ve bieu mau thu thap chi tieu thong ke ky hoi thang 10/2019 dung khong", CITES)
    assert answer_stated(wrong, ["Không"]), wrong


def test_the_words_before_another_predicate_only_name_the_document() -> None:
    """"Thông tư 07/2024/TT-BKHCN về vị trí việc làm là của Bộ Tài chính, phải không?" claims the
    issuer; "về vị trí việc làm" says which circular, so it cannot make the answer "Có"."""
    from khcn_qa.answer import cited
    from khcn_qa.answer.candidates import numbers_named

    analysis = analyze_question("Thông tư 07/2024/TT-BKHCN về vị trí việc làm công chức là của Bộ Tài chính, phải không?")
    assert cited.cited_claim(analysis, numbers_named(analysis.folded)) is None
    dated = analyze_question("Quyết định 1502/QĐ-UBND ngày 03/11/2019 là văn bản của Sở KH&CN phải không?")
    assert cited.cited_claim(dated, numbers_named(dated.folded)) is None
    period = analyze_question("Quyết định 1502/QĐ-UBND về biểu mẫu thu thập chỉ tiêu thống kê áp dụng cho giai đoạn 2021-2025 phải không?")
    claim = cited.cited_claim(period, numbers_named(period.folded))
    assert claim is not None and claim.periods == {("2021", "2025")}
    # The citation names no period: nothing to confirm the one claimed, so the ordinary reader decides.
    assert cited.judge(claim, [Hit(chunk=CITES, meta=HG, score=1.0, rank=1)]) is None


def test_giao_x_lo_nhung_noi_dung_nao_asks_the_units_own_part() -> None:
    """"Kế hoạch giao Sở Công Thương lo những nội dung nào?" is the duty question "Sở Công Thương có
    nhiệm vụ gì?" in other words: the part headed by that unit answers."""
    assert analyze_question("Kế hoạch thực hiện Nghị quyết giao Sở Công Thương lo những nội dung nào?").duty
    assert analyze_question("Sở Công Thương được giao những việc nào trong kế hoạch?").duty


def test_a_count_of_van_ban_ke_hoach_counts_plans() -> None:
    """"4 văn bản kế hoạch … gồm các kế hoạch nào?": the text writes "04 Kế hoạch", so the count is of plans."""
    analysis = analyze_question("Sở ra 4 văn bản kế hoạch liên quan cải cách hành chính đầu năm 2025, gồm các kế hoạch nào?")
    assert analysis.counted == ("4", "ke hoach"), analysis.counted


def test_a_claimed_day_the_passage_dates_otherwise_is_denied() -> None:
    """"… lập kế hoạch ngày KH&CN vào 18/6 năm 2025, có đúng vậy không?" against "… ngày khoa học
    và công nghệ 18/5/2025": the day is the claim, and another day says "Không"."""
    text = chunk("Phối hợp Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh lập kế hoạch tổ chức ngày khoa học và công nghệ "
                 "18/5/2025 theo hướng dẫn của Bộ KH&CN.", section=("II. NHIỆM VỤ", "1. Văn phòng Sở"), unit="Văn phòng Sở")
    wrong = answer_of("Van phong So Ha Giang lap ke hoach to chuc ngay khoa hoc va cong nghe vao 18/6 nam 2025, co dung vay khong", text)
    assert not wrong.abstained and answer_stated(wrong.text, ["Không"]), wrong.text
    right = answer_of("Van phong So Ha Giang lap ke hoach to chuc ngay khoa hoc va cong nghe vao 18/5 nam 2025, co dung vay khong", text)
    assert not right.abstained and answer_stated(right.text, ["Có"]), right.text


def test_the_post_claimed_to_sign_is_no_off_domain_topic() -> None:
    """"… là do Thủ tướng Chính phủ ký phải không?" names a post, not the Prime Minister as a topic
    of its own ("Ai là Thủ tướng?"): the citation's "của Bộ trưởng" answers "Không"."""
    cited = chunk("Thực hiện Quyết định số 95/QĐ-BKHCN ngày 20/01/2025 của Bộ trưởng Bộ KH&CN về phát triển tiêu chuẩn "
                  "quốc gia đến năm 2030.", section=("I. CĂN CỨ",))
    answer = answer_of("Quyết định 95/QĐ-BKHCN về tiêu chuẩn quốc gia đến năm 2030 là do Thủ tướng Chính phủ ký phải không?", cited)
    assert not answer.abstained and answer_stated(answer.text, ["Không"]), answer.text
    off = answer_of("Ai là Thủ tướng Chính phủ?", cited)
    assert off.abstained, off.text


def test_a_post_opening_la_ai_asks_a_person_whatever_verb_follows() -> None:
    """"Trưởng ban chỉ đạo 389 mà Thanh tra Sở tham mưu là ai?" typed bare asks the person who heads
    the committee; "tham mưu" is the inspectorate's work, not the role asked, so a unit is no answer."""
    assert analyze_question("truong ban chi dao 389/BCD ma Thanh tra So Ha Giang tham muu la ai").answer_type == "person"
    text = chunk("Tham mưu Ban chỉ đạo 389/BCĐ tỉnh về chống buôn lậu, gian lận thương mại.", section=("II. NHIỆM VỤ", "3. Thanh tra Sở"),
                 unit="Thanh tra Sở")
    answer = answer_of("truong ban chi dao 389/BCD ma Thanh tra So Ha Giang tham muu la ai", text)
    assert answer.abstained, answer.text


def test_a_place_kind_followed_by_a_period_names_no_place() -> None:
    """"… trên địa bàn tỉnh giai đoạn 2025-2030": "tỉnh giai đoạn 2025-2030" is no answer to "ở đâu"."""
    from khcn_qa.answer.candidates import Passage, place
    from khcn_qa.answer.scoring import TopicModel

    text = chunk("Thực hiện Nghị quyết số 08-NQ/TU về phát triển khoa học, công nghệ trên địa bàn tỉnh giai đoạn 2025-2030.",
                 section=("KẾ HOẠCH",))
    analysis = analyze_question("cac to chuc nghien cuu duoc phat trien tren dia ban o dau theo nghi quyet 08?")
    hit = Hit(chunk=text, meta=HG, score=1.0, rank=1)
    values = [fold(c.value) for c in place(Passage.build(hit, analysis, TopicModel.build(analysis, [hit])))]
    assert not any(v.startswith("tinh giai doan") for v in values), values


def test_a_list_whose_items_repeat_the_head_noun_is_said_whole() -> None:
    """"… như: Công tác A; công tác B; công tác C" for "gồm những công tác gì?": the run of items,
    not the comma inside one item read as a list of its own."""
    from khcn_qa.answer.patterns import enumerations

    text = ("Triển khai nhiệm vụ thông tin theo Quyết định số 12/QĐ-UBND như: Công tác thống kê khoa học; công tác lưu trữ, "
            "số hóa tài liệu; công tác thư viện điện tử; công tác xuất bản bản tin.")
    found = list(enumerations(text, "cong tac"))
    assert len(found) == 1 and found[0].value.startswith("Công tác thống kê khoa học; công tác lưu trữ"), found
    answer = ask("Nhiệm vụ thông tin theo Quyết định 12/QĐ-UBND gồm những công tác gì?",
                 chunk(text, section=("II. NHIỆM VỤ", "5. Thông tin KH&CN")))
    assert answer_stated(answer, ["công tác thống kê khoa học"]), answer


def test_who_signed_a_cited_agreement_is_told_by_its_parties() -> None:
    """"Ai ký văn bản phối hợp số 14/KHPH-LHH-KHCN?": no signature block of its own is indexed, but
    the citation names the parties, the one set aside ("Ngoài Sở …") not first."""
    text = chunk("Tiếp tục thực hiện Kế hoạch số 14/KHPH-LHH-KHCN ngày 20/12/2024 giữa Liên hiệp các Hội Khoa học và Kỹ thuật "
                 "tỉnh và Sở Khoa học và Công nghệ về phổ biến kết quả nghiên cứu. Tham mưu Báo cáo số 05/BC-UBND ngày "
                 "10/01/2025 của UBND tỉnh về cải cách hành chính.", section=("II. NHIỆM VỤ", "1. Văn phòng Sở"))
    parties = ask("Ai ký văn bản phối hợp số 14/KHPH-LHH-KHCN?", text)
    assert answer_stated(parties, ["Liên hiệp các Hội Khoa học và Kỹ thuật"]), parties
    other = ask("Ngoài Sở Hà Giang, ai là bên còn lại đứng ký văn bản phối hợp số 14/KHPH-LHH-KHCN?", text)
    assert other.startswith("Liên hiệp các Hội Khoa học và Kỹ thuật"), other


def test_an_academic_title_opens_a_persons_name() -> None:
    """"TS Phạm Văn Khánh có phải chủ nhiệm đề tài …?": "TS" is a title, so the name after it is a
    person, and one no document names cannot be confirmed."""
    question = "TS Phạm Văn Khánh có phải chủ nhiệm đề tài được Hà Giang nghiệm thu tháng 3/2025 không?"
    assert analyze_question(question).persons == ("Phạm Văn Khánh",)
    text = chunk("Trong tháng 3/2025, Sở tổ chức nghiệm thu 01 đề tài cấp tỉnh, kết quả xếp loại đạt.", section=("I. KẾT QUẢ",))
    answer = answer_of(question, text)
    assert answer.abstained, answer.text


def test_plain_words_for_signing_and_working_together() -> None:
    """"Ai đứng tên ở khối chữ ký …?" asks the signer; "Ai sát cánh với Văn phòng …?" who coordinates."""
    assert analyze_question("Ai đứng tên ở khối chữ ký của kế hoạch năm 2025?").answer_type == "signer"
    analysis = analyze_question("Ai sẽ sát cánh với Văn phòng Sở khi soạn kế hoạch kỷ niệm Ngày KH&CN năm 2025?")
    assert analysis.role == "coordinate", analysis.role
    for question in ("Ai đứng ra ký thay Giám đốc ở báo cáo tháng 3/2025 của Sở Hà Giang, họ tên là gì?",
                     "Người ký thay giám đốc trong kế hoạch năm 2025 là ai?"):
        assert analyze_question(question).answer_type == "signer", question


def test_a_period_in_words_and_a_checked_tag_read_as_a_claim() -> None:
    """"Anh chị cho hỏi: … cho thời kỳ 2021 đến 2025, thông tin đó có chính xác không?" is "… cho thời
    kỳ 2021-2025 phải không?": the polite frame goes, the period is the claim, not the scope."""
    from khcn_qa.answer.chatter import without_chatter
    from khcn_qa.text.normalize import spelled_out_years

    asked = spelled_out_years(without_chatter(
        "Anh chị cho hỏi: Sở sẽ ký chương trình hợp tác với Bộ cho thời kỳ 2021 đến 2025, thông tin đó có chính xác không?"))
    assert asked == "Sở sẽ ký chương trình hợp tác với Bộ cho thời kỳ 2021-2025 phải không?", asked
    text = chunk("Dự kiến ký Chương trình phối hợp hoạt động giữa Bộ Khoa học và Công nghệ và UBND tỉnh Hà Giang giai đoạn "
                 "2022-2025.", section=("II. PHƯƠNG HƯỚNG",))
    answer = answer_of(asked, text)
    assert not answer.abstained and answer_stated(answer.text, ["Không"]), answer.text


def test_a_persons_name_asked_with_ten_gi_is_a_person() -> None:
    """"… người phụ trách Phòng X tên gì?" asks a name; the unit or a programme is no answer."""
    assert analyze_question("Trong kế hoạch, người phụ trách Phòng Quản lý chuyên ngành tên gì?").answer_type == "person"
