"""Yes/no claims on a row's product, a dated reference, a row number; dates of documents a
question describes; places said with their "trong"; budget shares (round 10).

Written for failures of the dev split (never the test split). Every passage is
invented, in provinces and wording that are not the seed corpus (Bình Định,
Hà Giang), so a rule that passes here was not fitted to the seed layouts.
"""

from __future__ import annotations

from khcn_qa.answer import analyze_question, check_citations, compose_answer, yes_no
from khcn_qa.answer.candidates import Passage, described_document_date
from khcn_qa.answer.scoring import TopicModel
from khcn_qa.evaluation.metrics import answer_stated
from khcn_qa.records import Chunk, DocumentMeta, Hit

BD = DocumentMeta(source="binh-dinh-kh-2025.docx", doc_type="Kế hoạch", number="15/KH-SKHCN", date="2025-01-20", year=2025,
                  province="Bình Định", issuer="Sở Khoa học và Công nghệ tỉnh Bình Định",
                  title="Kế hoạch hoạt động khoa học và công nghệ năm 2025")
HG = DocumentMeta(source="ha-giang-ubnd-kh-2024.pdf", doc_type="Kế hoạch", number="88/KH-UBND", date="2024-06-03", year=2024,
                  province="Hà Giang", issuer="Ủy ban nhân dân tỉnh Hà Giang",
                  title="Kế hoạch thực hiện Nghị quyết số 05-NQ/TU về phát triển khoa học, công nghệ và đổi mới sáng tạo")

ROW_21 = ("TT 2.1. Nội dung nhiệm vụ: Ứng dụng các giải pháp chuyển đổi số vào hoạt động quản lý của ngành, địa phương; "
          "Cơ quan chủ trì: Các sở, ban, ngành tỉnh; Thời gian thực hiện: Hằng năm; Sản phẩm: Báo cáo")


def chunk(text: str, section: tuple[str, ...] = (), meta: DocumentMeta = BD, **extra: object) -> Chunk:
    return Chunk(source=meta.source, ordinal=1, text=text, section=section, **extra)  # type: ignore[arg-type]


def hits(*chunks: Chunk, meta: DocumentMeta = BD) -> list[Hit]:
    return [Hit(chunk=c, meta=meta, score=0.9 - 0.05 * i, rank=i + 1, signals={}) for i, c in enumerate(chunks)]


def ask(question: str, *chunks: Chunk, meta: DocumentMeta = BD) -> str:
    answer = compose_answer(question, hits(*chunks, meta=meta), abstain_below=0.0)
    assert check_citations(answer.text, answer.citations) == [], answer.text
    return answer.text


def described(question: str, text: Chunk, meta: DocumentMeta = BD, value_only: bool = True) -> list[object]:
    """What the described-document finder reads in one passage for ``question``."""
    analysis = analyze_question(question)
    hit = hits(text, meta=meta)[0]
    return list(described_document_date(Passage.build(hit, analysis, TopicModel.build(analysis, [hit])), value_only=value_only))


def test_a_claimed_product_is_checked_against_the_rows_product() -> None:
    """"… (dòng 2.1) có sản phẩm là báo cáo không?": the row's "Sản phẩm" cell is the claim's judge,
    and the row number is no figure to check."""
    row = chunk(ROW_21, section=("PHỤ LỤC",), meta=HG, row_id="2.1")
    question = "Nhiệm vụ ứng dụng giải pháp chuyển đổi số vào hoạt động quản lý của ngành (dòng 2.1) có sản phẩm là báo cáo không?"
    assert yes_no.underlying_type(analyze_question(question)) == "product"
    answer = ask(question, row, meta=HG)
    assert answer_stated(answer, ["Có"]) and "Sản phẩm: Báo cáo" in answer, answer
    other = ask("Nhiệm vụ ứng dụng giải pháp chuyển đổi số vào hoạt động quản lý (TT 2.1) có sản phẩm là Quyết định UBND tỉnh phải không?",
                row, meta=HG)
    assert answer_stated(other, ["Không"]), other


def test_a_claim_that_goes_on_with_a_new_predicate_is_not_contradicted() -> None:
    """The sentence repeats the subject, then says more ("…, địa phương"); the question's own
    ending ("có sản phẩm …") is a second predicate, not a different ending of the first."""
    analysis = analyze_question("Việc ứng dụng các giải pháp chuyển đổi số vào hoạt động quản lý của ngành có được giao hằng năm không?")
    assert not yes_no.claim_denied(analysis, "Ứng dụng các giải pháp chuyển đổi số vào hoạt động quản lý của ngành, địa phương")
    turned = analyze_question("Nhiệm vụ ứng dụng các giải pháp chuyển đổi số vào hoạt động quản lý của doanh nghiệp tư nhân phải không?")
    assert yes_no.claim_denied(turned, "Ứng dụng các giải pháp chuyển đổi số vào hoạt động quản lý của ngành, địa phương")


def test_the_date_after_a_code_names_the_plan_not_the_claim() -> None:
    """"Phòng X có được giao thực hiện Kế hoạch số 45/KH-UBND ngày 03/4/2023 không?" claims the
    unit's role; the date only says which plan, as the unit's own heading shows."""
    duty = chunk("Tổ chức thực hiện Kế hoạch số 12/KH-UBND ngày 15/3/2021 của UBND tỉnh; Kế hoạch số 45/KH-UBND ngày 03/4/2023 "
                 "của UBND tỉnh về nâng cao năng suất chất lượng.",
                 section=("III. TỔ CHỨC THỰC HIỆN", "5. Phòng Quản lý chuyên ngành"), unit="Phòng Quản lý chuyên ngành")
    question = "Phòng Quản lý chuyên ngành có được giao thực hiện Kế hoạch số 45/KH-UBND ngày 03/4/2023 không?"
    assert yes_no.underlying_type(analyze_question(question)) == "org"
    answer = ask(question, duty)
    assert answer_stated(answer, ["Có"]), answer
    # A date that closes the claim on its own is still the claim: "… ban hành ngày 03/4/2023 không?"
    assert yes_no.underlying_type(analyze_question("Kế hoạch số 45/KH-UBND được ban hành ngày 03/4/2023 không?")) == "time"


def test_a_post_written_before_whose_it_is_is_the_signers_post() -> None:
    """"… của Bộ trưởng Bộ Khoa học và Công nghệ" was signed by a Bộ trưởng, not the Thủ tướng."""
    cited = chunk("Thực hiện Quyết định số 118/QĐ-BKHCN ngày 12/02/2024 của Bộ trưởng Bộ KH&CN về phê duyệt phương hướng, "
                  "mục tiêu phát triển tiêu chuẩn đo lường chất lượng đến năm 2030.", section=("I. CĂN CỨ",))
    assert yes_no._signer_post("Bộ trưởng Bộ KH&CN") == "bo truong"
    no = ask("Quyết định 118/QĐ-BKHCN về tiêu chuẩn đo lường chất lượng đến năm 2030 là do Thủ tướng Chính phủ ký phải không?", cited)
    assert answer_stated(no, ["Không"]), no


def test_a_document_the_question_describes_is_dated_where_a_plan_cites_it() -> None:
    """"Quyết định giao dự toán … năm 2025 ký ngày nào?" names no code: the citation whose issuer
    and subject are the question's words dates it; another issuer's document of that kind does not."""
    text = chunk("Căn cứ Nghị quyết số 21-NQ/TU ngày 02/12/2024 của Tỉnh ủy Bình Định về phương hướng, nhiệm vụ năm 2025; "
                 "Quyết định số 2815/QĐ-UBND ngày 11/12/2024 của Chủ tịch UBND tỉnh về giao dự toán thu, chi ngân sách "
                 "nhà nước năm 2025;")
    answer = ask("Quyết định giao dự toán thu, chi ngân sách nhà nước năm 2025 của Chủ tịch UBND tỉnh ký ngày nào?", text)
    assert answer_stated(answer, ["11/12/2024"]), answer
    assert described("Nghị quyết của HĐND tỉnh về phương hướng, nhiệm vụ năm 2025 được thông qua ngày nào?", text) == []


def test_a_plan_asked_by_its_own_title_keeps_its_own_date() -> None:
    """The document's own title matching the question beats a citation in its preamble."""
    preamble = chunk("Căn cứ Kế hoạch số 30/KH-UBND ngày 05/01/2025 của UBND tỉnh về hoạt động khoa học và công nghệ năm 2025;")
    assert described("Kế hoạch hoạt động khoa học và công nghệ năm 2025 của Sở ban hành ngày nào?", preamble, value_only=False) == []


def test_trong_stays_with_the_place_it_makes() -> None:
    """"trong nước và quốc tế", "trong cộng đồng" say where only with their "trong"."""
    text = chunk("- Đẩy mạnh giao lưu học thuật, tổ chức hội nghị, hội thảo khoa học trong nước và quốc tế; phát triển "
                 "mạng lưới chuyên gia.", section=("III. NHIỆM VỤ", "5. Hợp tác"), meta=HG)
    answer = ask("Theo kế hoạch, Sở đẩy mạnh tổ chức hội nghị, hội thảo khoa học ở đâu?", text, meta=HG)
    assert answer_stated(answer, ["trong nước và quốc tế"]), answer


def test_a_short_list_closing_where_something_is_brought_stays_whole() -> None:
    text = chunk("Chú trọng ứng dụng trí tuệ nhân tạo, dữ liệu lớn và công nghệ số vào các ngành, lĩnh vực. Phát triển công nghệ sinh học.",
                 section=("II. NHIỆM VỤ", "4. Phòng Quản lý khoa học"))
    answer = ask("Phòng Quản lý khoa học chú trọng đưa trí tuệ nhân tạo, dữ liệu lớn vào đâu?", text)
    assert answer_stated(answer, ["các ngành, lĩnh vực"]), answer


def test_a_share_of_the_budget_answers_a_budget_target() -> None:
    """"chỉ tiêu chi ngân sách" is met by "đạt 3% tổng chi ngân sách", a percentage, not a sum."""
    text = chunk("- Phấn đấu đạt 3% tổng chi ngân sách của địa phương vào năm 2030 cho các hoạt động KH,CN&ĐMST; "
                 "45 doanh nghiệp có hoạt động đổi mới sáng tạo.", section=("II. MỤC TIÊU", "2.2 Mục tiêu đến năm 2030"), meta=HG)
    # At the default threshold: a percentage scored as a missing sum of money fell below it.
    answer = compose_answer("Chỉ tiêu chi ngân sách cho KH,CN&ĐMST của tỉnh đến năm 2030 là gì?", hits(text, meta=HG))
    assert not answer.abstained and answer_stated(answer.text, ["3%"]), answer.text


def test_tag_questions_and_a_bare_co_phai_are_yes_no() -> None:
    """"…, đúng chứ?", "…, có phải vậy?" and "… có phải do X ban hành?" claim something, "không" or not."""
    for question in ("Kế hoạch 30/KH-UBND được ban hành để thực hiện Nghị quyết 21-NQ/TU, đúng chứ?",
                     "Ke hoach 30/KH-UBND thuc hien Nghi quyet 21-NQ/TU, co phai vay?",
                     "Trong phần căn cứ, quyết định số 2815 có phải do Chủ tịch UBND tỉnh ban hành?"):
        assert analyze_question(question).answer_type == "yes_no", question
    assert analyze_question("Quyết định số 2815 do ai ban hành?").answer_type != "yes_no"
    text = chunk("Căn cứ Quyết định số 2815/QĐ-UBND ngày 11/12/2024 của Chủ tịch UBND tỉnh Bình Định về giao dự toán "
                 "thu, chi ngân sách nhà nước năm 2025;")
    answer = ask("Trong phần căn cứ, quyết định số 2815 có phải do Chủ tịch UBND tỉnh ban hành?", text)
    assert answer_stated(answer, ["Có"]), answer


def test_answering_to_another_party_denies_the_claim() -> None:
    """"chịu trách nhiệm với Ban Thường vụ Tỉnh ủy" against "… trước Lãnh đạo UBND tỉnh về kết quả …"."""
    sentence = ("Chủ động triển khai nhiệm vụ thuộc đơn vị mình, đề cao trách nhiệm người đứng đầu và chịu trách nhiệm "
                "trước Lãnh đạo UBND tỉnh về kết quả thực hiện của đơn vị mình.")
    other = analyze_question("Thủ trưởng các sở phải chịu trách nhiệm với Ban Thường vụ Tỉnh ủy về kết quả thực hiện, có phải vậy?")
    assert yes_no.claim_denied(other, sentence)
    same = analyze_question("Thủ trưởng các sở phải chịu trách nhiệm trước Lãnh đạo UBND tỉnh về kết quả thực hiện phải không?")
    assert not yes_no.claim_denied(same, sentence)


def test_the_slot_after_truoc_ai_ends_before_ve() -> None:
    """"… chịu trách nhiệm trước ai về kết quả …?": the party, cut where "về" opens the matter
    (the cut words are folded, and match the accented passage)."""
    text = chunk("1. Thủ trưởng các sở, ngành tỉnh căn cứ chức năng, nhiệm vụ được giao chủ động triển khai nhiệm vụ và "
                 "chịu trách nhiệm trước Chủ tịch UBND tỉnh về kết quả thực hiện của đơn vị mình.",
                 section=("IV. TỔ CHỨC THỰC HIỆN",), meta=HG)
    answer = ask("Thủ trưởng các sở, ngành phải chịu trách nhiệm trước ai về kết quả thực hiện của đơn vị?", text, meta=HG)
    assert answer_stated(answer, ["Chủ tịch UBND tỉnh"]), answer
    assert not answer_stated(answer, ["về kết quả"]), answer


def test_a_post_that_opens_the_sentence_answers_ai() -> None:
    """"Người đứng đầu các cấp, các ngành chịu trách nhiệm trực tiếp chỉ đạo …" names no unit."""
    text = chunk("- Người đứng đầu các cấp, các ngành chịu trách nhiệm trực tiếp chỉ đạo ứng dụng trí tuệ nhân tạo để nâng "
                 "cao hiệu quả hoạt động của ngành, địa phương.", section=("III. NHIỆM VỤ", "1. Nâng cao nhận thức"), meta=HG)
    answer = ask("Ai phải trực tiếp chỉ đạo ứng dụng trí tuệ nhân tạo trong ngành, địa phương?", text, meta=HG)
    assert answer_stated(answer, ["Người đứng đầu các cấp, các ngành"]), answer


def test_bao_nhieu_x_khac_nhau_counts_x() -> None:
    """"bao nhiêu cơ sở khác nhau" counts "cơ sở"; "163 phương tiện đo" is the figure the question gives."""
    assert analyze_question("163 phương tiện đo đến từ bao nhiêu cơ sở khác nhau?").count_noun == ("co", "so")
    text = chunk("Đã kiểm định, hiệu chuẩn 240 phương tiện đo các loại của 35 cơ sở. Kết quả đều đạt yêu cầu.",
                 section=("I. KẾT QUẢ", "3. Tiêu chuẩn đo lường chất lượng"))
    answer = compose_answer("240 phương tiện đo ở Bình Định đến từ bao nhiêu cơ sở khác nhau?", hits(text))
    assert not answer.abstained and answer_stated(answer.text, ["35 cơ sở"]), answer.text


def test_a_cited_plan_named_by_number_and_year_is_in_scope() -> None:
    """"Kế hoạch số 4088 năm 2019 … theo chỉ thị nào?" asks about a plan the 2025 plan cites, not a 2019 plan of ours."""
    text = chunk("Tổ chức thực hiện Kế hoạch số 4088/KH-UBND ngày 09/9/2019 về thực hiện Chỉ thị số 10/CT-TTg ngày 22/4/2019 "
                 "của Thủ tướng Chính phủ về tăng cường xử lý, ngăn chặn có hiệu quả tình trạng nhũng nhiễu, gây phiền hà "
                 "cho người dân, doanh nghiệp.", section=("PHỤ LỤC",))
    answer = ask("Kế hoạch số 4088 năm 2019 của Bình Định về chống nhũng nhiễu doanh nghiệp thực hiện chỉ thị nào của Thủ tướng?", text)
    assert answer_stated(answer, ["10/CT-TTg"]), answer


def test_the_document_a_question_numbers_is_not_its_own_answer() -> None:
    """"Văn bản 2274 … sửa quyết định nào?": "Quyết định số 2274/QĐ-UBND" is the subject, 545 the answer."""
    text = chunk("Tiếp tục triển khai Quyết định số 545/QĐ-UBND ngày 05/3/2019 của UBND tỉnh phê duyệt Kế hoạch áp dụng "
                 "hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 và Quyết định số 2274/QĐ-UBND ngày 18/10/2019 của "
                 "UBND tỉnh sửa đổi, bổ sung Quyết định số 545/QĐ-UBND.", meta=HG)
    answer = ask("Văn bản 2274 năm 2019 của UBND tỉnh sửa đổi quyết định nào về ISO?", text, meta=HG)
    assert answer_stated(answer, ["545/QĐ-UBND"]), answer


def test_a_number_after_so_dates_the_document_it_opens() -> None:
    """"Văn bản phối hợp số 69 … mang ngày nào?" is "Kế hoạch số 69/KHPH-LHH-KHCN ngày 22/12/2024"."""
    text = chunk("- Phổ biến, chuyển giao tiến bộ KH&CN vào đời sống theo Kế hoạch số 69/KHPH-LHH-KHCN ngày 22/12/2024 giữa "
                 "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh và Sở Khoa học và Công nghệ; thời gian: năm 2025.")
    answer = ask("van ban phoi hop so 69 giua Lien hiep cac Hoi voi So ve chuyen giao tien bo KH&CN mang ngay nao", text)
    assert answer_stated(answer, ["22/12/2024"]), answer


def test_the_place_of_issue_is_the_datelines() -> None:
    """The dateline names the city ("Quy Nhơn, ngày …"), not the province the heading names."""
    header = chunk("UBND TỈNH BÌNH ĐỊNH\nSỞ KHOA HỌC VÀ CÔNG NGHỆ\nSố: 15/KH-SKHCN\nQuy Nhơn, ngày 20 tháng 01 năm 2025\n"
                   "KẾ HOẠCH HOẠT ĐỘNG KHOA HỌC VÀ CÔNG NGHỆ NĂM 2025 trên địa bàn tỉnh Bình Định")
    answer = ask("Nơi ban hành ghi ở đầu kế hoạch hoạt động KH&CN năm 2025 là ở đâu?", header)
    assert answer_stated(answer, ["Quy Nhơn"]), answer


def test_how_often_is_checked_against_the_time_column() -> None:
    """"… được thực hiện hằng quý, phải không?" against "Thời gian thực hiện: Hàng năm" is "Không";
    a row done "Hằng tháng, Hằng quý" is done quarterly among others; "định kỳ 6 tháng" is not "định kỳ quý"."""
    yearly = chunk("TT 9. Nội dung nhiệm vụ: Ứng dụng thành tựu của cuộc Cách mạng công nghiệp lần thứ tư vào phát triển "
                   "kinh tế - xã hội của tỉnh; Cơ quan chủ trì: Các sở, ban, ngành tỉnh; Thời gian thực hiện: Hàng năm; "
                   "Sản phẩm: Báo cáo", section=("PHỤ LỤC",), meta=HG, row_id="9")
    answer = ask("Nhiệm vụ ứng dụng thành tựu Cách mạng công nghiệp lần thứ tư vào phát triển kinh tế - xã hội của tỉnh (TT 9) "
                 "được thực hiện hằng quý, phải không?", yearly, meta=HG)
    assert answer_stated(answer, ["Không"]), answer
    both = chunk("TT 12. Nội dung nhiệm vụ: Đăng tải bản tin giới thiệu thành tựu khoa học và công nghệ của tỉnh; Cơ quan chủ trì: "
                 "Sở Khoa học và Công nghệ; Thời gian thực hiện: Hằng tháng, Hằng quý; Sản phẩm: Bản tin",
                 section=("PHỤ LỤC",), meta=HG, row_id="12")
    answer = ask("Việc đăng tải bản tin giới thiệu thành tựu khoa học và công nghệ được thực hiện hằng quý có phải không?", both, meta=HG)
    assert answer_stated(answer, ["Có"]), answer
    analysis = analyze_question("Báo cáo vướng mắc được tổng hợp theo định kỳ 6 tháng phải không?")
    assert yes_no.verdict(analysis, "time", "định kỳ quý", 1.0) is False
    assert yes_no.verdict(analysis, "time", "định kỳ 6 tháng", 1.0) is True


def test_another_peoples_body_in_the_same_words_denies_the_claim() -> None:
    """"… đã được HĐND tỉnh phê duyệt chủ trương đầu tư" against the passage's "UBND tỉnh"."""
    sentence = "Tiếp tục triển khai các dự án đầu tư công đã được UBND tỉnh phê duyệt chủ trương đầu tư."
    other = analyze_question("Các dự án đầu tư công tiếp tục triển khai là dự án đã được HĐND tỉnh phê duyệt chủ trương đầu tư, có phải không?")
    assert yes_no.claim_denied(other, sentence)
    same = analyze_question("Các dự án đầu tư công tiếp tục triển khai đã được Ủy ban nhân dân tỉnh phê duyệt chủ trương đầu tư phải không?")
    assert not yes_no.claim_denied(same, sentence)


def test_the_work_a_unit_is_given_is_listed_not_the_unit() -> None:
    """"Các đầu việc … giao cho Văn phòng gồm những gì?" lists the work; "Các phòng … gồm những gì?" the units."""
    assert analyze_question("Các đầu việc mục 1 kế hoạch 2025 giao cho Văn phòng gồm những gì?").answer_type != "org"
    assert analyze_question("Các phòng, đơn vị được giao nhiệm vụ trong kế hoạch 2025 gồm những gì?").answer_type == "org"


def test_the_clause_before_may_says_which_count() -> None:
    """"Trong 9 nhiệm vụ …, mảng đổi mới công nghệ chiếm mấy nhiệm vụ?" against "05 nhiệm vụ về áp dụng …;
    03 nhiệm vụ về đổi mới công nghệ và 01 nhiệm vụ hỗ trợ …": the words before the question word pick
    the count, which ends at "về"."""
    text = chunk("Sở đã hỗ trợ doanh nghiệp thực hiện 09 nhiệm vụ, gồm: 05 nhiệm vụ về áp dụng hệ thống quản lý chất lượng; "
                 "03 nhiệm vụ về đổi mới công nghệ và 01 nhiệm vụ hỗ trợ phát triển tài sản trí tuệ.",
                 section=("I. KẾT QUẢ", "2. Hỗ trợ doanh nghiệp"))
    for question in ("Trong 9 nhiệm vụ hỗ trợ doanh nghiệp, mảng đổi mới công nghệ chiếm mấy nhiệm vụ?",
                     "nhiem vu ve doi moi cong nghe duoc ho tro la may nhiem vu"):
        answer = ask(question, text)
        assert answer_stated(answer, ["03 nhiệm vụ"]) and not answer_stated(answer, ["về đổi"]), answer


def test_an_ordinal_claim_is_checked_against_the_ordinal_written() -> None:
    """"… thông qua tại kỳ họp thứ 3 phải không?" against "kỳ họp thứ 2"; "nghiệm thu 02 nhiệm vụ" claims a count."""
    text = chunk("Căn cứ Nghị quyết số 45/NQ-HĐND ngày 09/12/2024 của Hội đồng nhân dân tỉnh khoá XII kỳ họp thứ 2 về Kế hoạch "
                 "phát triển kinh tế - xã hội năm 2025;")
    answer = ask("Nghị quyết 45/NQ-HĐND về kế hoạch phát triển kinh tế - xã hội năm 2025 được thông qua tại kỳ họp thứ 3 phải không?", text)
    assert answer_stated(answer, ["Không"]) and "thứ 2" in answer, answer
    counted = chunk("Trong tháng 02/2025: đã tổ chức nghiệm thu đối với 01 nhiệm vụ cấp tỉnh; kết quả xếp loại Đạt.",
                    section=("I. KẾT QUẢ", "4. Nghiên cứu khoa học"))
    answer = ask("Trong tháng 02/2025 Sở đã nghiệm thu 02 nhiệm vụ cấp tỉnh phải không?", counted)
    assert answer_stated(answer, ["Không"]) and "01 nhiệm vụ" in answer, answer


def test_a_described_report_is_dated_past_the_standard_it_names() -> None:
    """The subject of "Báo cáo số 11/BC-UBND … về … theo Tiêu chuẩn quốc gia TCVN ISO 9001:2015 vào hoạt động
    của các cơ quan … năm 2024" runs past "Tiêu chuẩn"; the next numbered citation ends it. A deadline
    ("định kỳ") is no issue date."""
    text = chunk("- Tham mưu UBND tỉnh ban hành Báo cáo số 11/BC-UBND ngày 13/01/2025 về tình hình xây dựng, áp dụng hệ thống "
                 "quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2015 vào hoạt động của các cơ quan hành chính nhà "
                 "nước tỉnh Hà Giang năm 2024.", section=("I. KẾT QUẢ", "3. Tiêu chuẩn đo lường chất lượng"), meta=HG)
    answer = ask("Bao cao ve ap dung he thong quan ly chat luong trong co quan hanh chinh nha nuoc nam 2024 duoc UBND tinh ban hanh ngay nao?",
                 text, meta=HG)
    assert answer_stated(answer, ["13/01/2025"]), answer
    assert described("Báo cáo về áp dụng hệ thống quản lý chất lượng năm 2024 gửi định kỳ vào ngày nào?", text, meta=HG) == []


def test_typed_abbreviations_and_mấy_phần_trăm_reach_the_figure() -> None:
    """Staff type "NN ứng dụng CNC", "DN", "mấy phần trăm", "mốc 2030": the passage spells the words out
    and writes "%", so none of them may sink the passage that answers."""
    text = chunk("- Đóng góp của năng suất nhân tố tổng hợp (TFP) vào tăng trưởng kinh tế ở mức 48%.\n"
                 "- Phấn đấu đạt 3% tổng chi ngân sách của địa phương vào năm 2030 cho các hoạt động KH,CN&ĐMST.\n"
                 "- Hình thành 15 vùng nông nghiệp ứng dụng công nghệ cao; tối thiểu 12 doanh nghiệp KH&CN.",
                 section=("II. MỤC TIÊU", "2.2 Mục tiêu đến năm 2030"), meta=HG)
    answer = compose_answer("Chỉ tiêu TFP mốc 2030 của tỉnh là mấy phần trăm?", hits(text, meta=HG))
    assert not answer.abstained and answer_stated(answer.text, ["48%"]), answer.text
    answer = compose_answer("Chỉ tiêu vùng NN ứng dụng CNC của tỉnh tới 2030 là bao nhiêu vùng vậy ta?", hits(text, meta=HG))
    assert not answer.abstained and answer_stated(answer.text, ["15 vùng"]), answer.text
    assert "phan" not in analyze_question("Tỷ lệ đạt bao nhiêu phần trăm?").topic


def test_short_year_ranges_are_spelled_out() -> None:
    """"giai đoạn 22-25", "(21-25)" are how staff type the periods plans write in full."""
    from khcn_qa.text.normalize import spelled_out_years

    assert spelled_out_years("phối hợp với tổ chức nào, giai đoạn 22-25") == "phối hợp với tổ chức nào, giai đoạn 2022-2025"
    assert spelled_out_years("chỉ tiêu 5 năm đầu (21-25) về giải thưởng") == "chỉ tiêu 5 năm đầu (2021-2025) về giải thưởng"
    for kept in ("Nghị quyết 08-NQ/TU", "dòng 22-25 của phụ lục", "giai đoạn 2021-2025", "giai đoạn 25-21"):
        assert spelled_out_years(kept) == kept


def test_a_counted_abbreviation_is_the_noun_spelled_out() -> None:
    """"bao nhiêu DN" counts "doanh nghiệp"; "nhiệm vụ KH&CN cấp quốc gia" keeps its qualifiers."""
    assert analyze_question("Tháng 2 tập huấn khởi nghiệp cho tổng cộng bao nhiêu DN?").count_noun == ("doanh", "nghiep")
    assert analyze_question("co bao nhieu nhiem vu KHCN cap quoc gia").count_noun[:2] == ("nhiem", "vu")
    assert analyze_question("kiem dinh phuong tien do toi 2025 dat chi tieu bao nhieu cai?").count_noun == ()  # a classifier
    text = chunk("- Tổ chức 03 lớp tập huấn khởi nghiệp đổi mới sáng tạo cho 85 doanh nghiệp và 40 học viên.",
                 section=("I. KẾT QUẢ", "6. Khởi nghiệp"))
    answer = ask("tap huan khoi nghiep cho tong cong bao nhieu DN?", text)
    assert answer_stated(answer, ["85 doanh nghiệp"]), answer


def test_tu_nam_nao_toi_nam_nao_asks_the_whole_period() -> None:
    """"… từ năm nào tới năm nào?" is the period "giai đoạn 2025-2030", not "đến năm 2030"; "startup" is "khởi nghiệp"."""
    text = chunk("- Hình thành Khu, không gian làm việc chung hỗ trợ khởi nghiệp đổi mới sáng tạo đến năm 2030; "
                 "thời gian: giai đoạn 2025-2030.", section=("III. NHIỆM VỤ", "4. Khởi nghiệp"), meta=HG)
    answer = ask("khong gian lam viec chung cho startup du kien lam tu nam nao toi nam nao?", text, meta=HG)
    assert answer_stated(answer, ["2025-2030"]), answer


def test_whose_work_it_is_is_an_organisation_claim() -> None:
    """"… là việc của Sở KH&CN phải không?" against a row led by Sở Kế hoạch và Đầu tư: naming the Sở
    elsewhere proves nothing; the lead of the work asked decides."""
    row = chunk("TT 14. Nội dung nhiệm vụ: Triển khai chương trình hợp tác phát triển kinh tế - xã hội với các tỉnh vùng "
                "Tây Nguyên; Cơ quan chủ trì: Sở Kế hoạch và Đầu tư; Cơ quan phối hợp: Sở Khoa học và Công nghệ; "
                "Thời gian thực hiện: Hằng năm", section=("PHỤ LỤC",), meta=HG, row_id="14", kind="table_row",
                fields={"Nội dung nhiệm vụ": "Triển khai chương trình hợp tác phát triển kinh tế - xã hội với các tỉnh vùng Tây Nguyên",
                        "Cơ quan chủ trì": "Sở Kế hoạch và Đầu tư", "Cơ quan phối hợp": "Sở Khoa học và Công nghệ",
                        "Thời gian thực hiện": "Hằng năm"})
    other = chunk("Sở Khoa học và Công nghệ chủ trì theo dõi, tổng hợp kết quả thực hiện Kế hoạch.", section=("IV. TỔ CHỨC THỰC HIỆN",), meta=HG)
    question = "Hợp tác phát triển KT-XH với vùng Tây Nguyên là việc của Sở KH&CN phải không?"
    assert yes_no.underlying_type(analyze_question(question)) == "org"
    answer = ask(question, row, other, meta=HG)
    assert answer_stated(answer, ["Không"]), answer
    answer = ask("Hợp tác phát triển KT-XH với vùng Tây Nguyên là việc của Sở Kế hoạch và Đầu tư phải không?", row, other, meta=HG)
    assert answer_stated(answer, ["Có"]), answer


def test_a_breakdown_ranks_its_own_shares() -> None:
    """"… nhóm nào chiếm số lượng nhiều nhất?" against "09 nhiệm vụ … (05 nhiệm vụ về A; 03 nhiệm vụ về B
    và 01 nhiệm vụ hỗ trợ C)": A, the total aside; without a breakdown nothing is ranked."""
    text = chunk("- Hỗ trợ thực hiện 09 nhiệm vụ về áp dụng hệ thống quản lý, đổi mới công nghệ và khởi nghiệp (05 nhiệm vụ về "
                 "áp dụng hệ thống quản lý chất lượng; 03 nhiệm vụ về đổi mới công nghệ và 01 nhiệm vụ hỗ trợ khởi nghiệp).",
                 section=("I. KẾT QUẢ", "2. Hỗ trợ doanh nghiệp"))
    for question in ("Trong 9 nhiệm vụ Sở hỗ trợ thực hiện, nhóm nào chiếm số lượng nhiều nhất?",
                     "Trong 9 nhiệm vụ hỗ trợ doanh nghiệp, nhóm nhiệm vụ nào có số lượng nhiều nhất?"):
        answer = ask(question, text)
        assert answer_stated(answer, ["áp dụng hệ thống quản lý chất lượng"]) and not answer_stated(answer, ["đổi mới công nghệ"]), answer
    flat = chunk("- Bố trí kinh phí cho lĩnh vực nông nghiệp, công nghiệp và y tế.", section=("IV. KINH PHÍ",))
    assert compose_answer("Lĩnh vực nào được bố trí kinh phí nhiều nhất?", hits(flat), abstain_below=0.0).abstained


def test_bao_nhieu_don_vi_counts_bodies_of_any_kind() -> None:
    """"bao nhiêu đơn vị" is answered by "45 doanh nghiệp", not by the figure of another noun beside it."""
    text = chunk("Năm 2024, Sở đã tổ chức Hội chợ công nghệ với 320 gian hàng và 45 doanh nghiệp tham gia trưng bày.",
                 section=("I. KẾT QUẢ", "5. Thị trường công nghệ"))
    answer = ask("Hội chợ công nghệ năm 2024 có bao nhiêu đơn vị tham gia?", text)
    assert answer_stated(answer, ["45 doanh nghiệp"]) and not answer.startswith("320"), answer


def test_cac_x_gom_nhung_gi_lists_the_xs() -> None:
    """"… các văn bản gồm những gì?" lists the documents, not the sentence of the task that cites them."""
    assert analyze_question("Trung tâm triển khai các văn bản gồm những gì?").answer_type == "doc_ref"
    assert analyze_question("Kế hoạch gồm những nội dung gì?").answer_type == "open"  # an open noun keeps its reading
    text = chunk("Điều 3. Trung tâm Ứng dụng tiến bộ KH&CN tổ chức triển khai Quyết định số 210/QĐ-UBND ngày 02/3/2024 "
                 "của UBND tỉnh và Kế hoạch số 45/KH-SKHCN ngày 10/3/2024 của Sở.", section=("QUYẾT ĐỊNH", "Điều 3"))
    answer = ask("Trung tâm Ứng dụng tiến bộ KH&CN tổ chức triển khai các văn bản gồm những gì?", text)
    assert answer_stated(answer, ["210/QĐ-UBND"]) and answer_stated(answer, ["45/KH-SKHCN"]), answer


def test_a_recurrence_stated_beside_a_deadline_confirms_the_claim() -> None:
    """"… định kỳ mỗi quý không?" holds when the row says "hằng quý", though its time field is a deadline."""
    text = chunk("TT 4. Nội dung nhiệm vụ: Tổng hợp, báo cáo định kỳ hằng quý về tình hình đổi mới công nghệ của "
                 "doanh nghiệp, gửi Sở trước ngày 15 của tháng cuối quý; Cơ quan chủ trì: Phòng Kinh tế các huyện; "
                 "Thời gian: trước ngày 15/3", section=("PHỤ LỤC", "II. Đổi mới công nghệ"), meta=HG)
    answer = ask("Phòng Kinh tế các huyện có phải báo cáo tình hình đổi mới công nghệ định kỳ mỗi quý không?", text, meta=HG)
    assert answer.startswith("Có") and "hằng quý" in answer, answer


def test_where_a_unit_sits_is_the_city_its_name_ends_with() -> None:
    """"Viện … đặt trụ sở ở đâu?" is the city in its name; "Khu ươm tạo … đặt ở đâu?" stays a site question."""
    text = chunk("Điều 2. Giao Sở KH&CN phối hợp với Viện Công nghệ sinh học Hà Nội và Công ty cổ phần Giống cây trồng "
                 "Tây Nguyên triển khai mô hình nhân giống cây lâm nghiệp.", section=("QUYẾT ĐỊNH", "Điều 2"), meta=HG)
    answer = ask("Viện Công nghệ sinh học phối hợp triển khai mô hình nhân giống đặt trụ sở ở đâu?", text, meta=HG)
    assert answer.startswith("Hà Nội"), answer
    from khcn_qa.answer.candidates import _SEAT_ASKED_RE, _SEATED_UNIT_RE
    site = analyze_question("Khu ươm tạo công nghệ dự kiến đặt ở đâu?").folded
    seat = _SEAT_ASKED_RE.search(site)
    assert seat is None or _SEATED_UNIT_RE.search(site[: seat.start()]) is None


def test_thong_qua_dau_is_the_unit_a_request_goes_through() -> None:
    """"… trình lãnh đạo thông qua đâu?" is the unit after "qua", not the unit that leads the task."""
    text = chunk("Điều 4. Trong quá trình thực hiện, nếu có khó khăn, các đơn vị kịp thời kiến nghị Ban Giám đốc "
                 "(qua Phòng Kế hoạch – Tài chính) để xem xét, giải quyết.", section=("QUYẾT ĐỊNH", "Điều 4"), meta=HG)
    answer = ask("Có khó khăn thì các đơn vị kiến nghị Ban Giám đốc thông qua đâu?", text, meta=HG)
    assert answer.startswith("Phòng Kế hoạch - Tài chính"), answer  # dashes are normalised


def test_a_cited_documents_date_does_not_put_another_years_plan_in_scope() -> None:
    """A 2025 plan citing "Quyết định số 210/QĐ-UBND ngày 02/3/2023" says nothing of what was done in 2023."""
    plan = DocumentMeta(source="dak-lak-kh-2025.docx", doc_type="Kế hoạch", number="31/KH-SKHCN", date="2025-02-10",
                        year=2025, province="Đắk Lắk", issuer="Sở Khoa học và Công nghệ tỉnh Đắk Lắk",
                        title="Kế hoạch hoạt động khoa học và công nghệ năm 2025")
    text = chunk("- Trung tâm Ứng dụng tiến bộ KH&CN tiếp tục triển khai mô hình nhân giống nấm theo Quyết định số "
                 "210/QĐ-UBND ngày 02/3/2023 của UBND tỉnh.", section=("II. NHIỆM VỤ", "3. Ứng dụng tiến bộ KH&CN"), meta=plan)
    year_asked = compose_answer("Năm 2023, đơn vị nào triển khai mô hình nhân giống nấm?", hits(text, meta=plan), abstain_below=0.0)
    assert year_asked.abstained, year_asked.text
    named = ask("Quyết định 210/QĐ-UBND năm 2023 được đơn vị nào triển khai?", text, meta=plan)
    assert answer_stated(named, ["Trung tâm Ứng dụng tiến bộ KH&CN"]), named


def test_an_object_keeps_the_level_that_qualifies_it() -> None:
    """"… ban hành gì?" is the whole object: "Bộ tiêu chí … cấp tỉnh" keeps its "cấp tỉnh"."""
    text = chunk("Điều 1. Thực hiện Quyết định số 88/QĐ-UBND ngày 05/4/2024 của UBND tỉnh ban hành Bộ tiêu chí "
                 "đánh giá hiệu quả nhiệm vụ khoa học và công nghệ cấp tỉnh.", section=("QUYẾT ĐỊNH", "Điều 1"), meta=HG)
    answer = ask("Quyết định 88/QĐ-UBND ngày 05/4/2024 của UBND tỉnh ban hành gì?", text, meta=HG)
    assert answer_stated(answer, ["nhiệm vụ khoa học và công nghệ cấp tỉnh"]), answer


def test_a_thing_of_the_kind_asked_beats_a_quoted_phrase() -> None:
    """"… nâng chỉ số gì?" is the "chỉ số …" the sentence names, not the survey answer it quotes."""
    text = chunk("- Đề xuất giải pháp hỗ trợ doanh nghiệp để tăng tỷ lệ doanh nghiệp trả lời “đã sử dụng dịch vụ công "
                 "trực tuyến mức độ 4 cho thủ tục về khoa học”, qua đó cải thiện chỉ số hiệu quả quản trị và hành chính "
                 "công (PAPI) của tỉnh.", section=("II. NHIỆM VỤ", "5. Cải cách hành chính"), meta=HG)
    answer = ask("Giải pháp hỗ trợ doanh nghiệp sử dụng dịch vụ công trực tuyến nhằm cải thiện chỉ số gì?", text, meta=HG)
    assert answer.startswith("Chỉ số hiệu quả quản trị"), answer


def test_ben_nao_asks_a_party() -> None:
    """"Bên nào lo …?" asks which body, as "đơn vị nào" does."""
    assert analyze_question("ben nao lo truyen thong ve cuoc thi sang tao").answer_type == "org"
    text = chunk("TT 7. Nội dung nhiệm vụ: Truyền thông về Cuộc thi ý tưởng khởi nghiệp sinh viên; Cơ quan chủ trì: "
                 "Tỉnh đoàn; Cơ quan phối hợp: Sở Giáo dục và Đào tạo", section=("PHỤ LỤC", "III. Khởi nghiệp"), meta=HG)
    answer = ask("Bên nào lo truyền thông về cuộc thi ý tưởng khởi nghiệp sinh viên?", text, meta=HG)
    assert answer.startswith("Tỉnh đoàn"), answer


def test_a_count_keeps_a_noun_of_many_syllables_whole() -> None:
    """"03 đề tài khoa học cấp quốc gia" is not cut to "03 đề tài khoa học cấp"; "KH&CN" stays one word."""
    text = chunk("Năm 2024 Sở quản lý 15 đề tài, gồm 03 đề tài khoa học cấp quốc gia và 12 đề tài khoa học cấp tỉnh.",
                 section=("I. KẾT QUẢ", "2. Quản lý đề tài"), meta=HG)
    answer = ask("Năm 2024 Sở quản lý bao nhiêu đề tài khoa học cấp quốc gia?", text, meta=HG)
    assert answer.startswith("03 đề tài khoa học cấp quốc gia"), answer


def test_vien_chuc_typed_without_accents_is_no_institute() -> None:
    """"vien chuc" folds like "Viện …", but staff are no unit a claim is about."""
    analysis = analyze_question("tuyen dung vien chuc nam 2025 co nam trong nhiem vu phat trien nhan luc khong?")
    assert yes_no.asserted_org(analysis) == ""
    assert yes_no.asserted_org(analyze_question("ke hoach co duoc gui cac phong, don vi de thuc hien khong")) == "don vi"


def test_a_claimed_section_is_checked_against_the_passages_headings() -> None:
    """"… có nằm trong mục Y không?" is answered by the heading the passage sits under, not by its words."""
    text = chunk("- Hướng dẫn 02 hợp tác xã lập hồ sơ đăng ký nhãn hiệu tập thể cho sản phẩm cà phê.",
                 section=("I. KẾT QUẢ", "4. Sở hữu trí tuệ"), meta=HG)
    wrong = ask("Việc hướng dẫn lập hồ sơ đăng ký nhãn hiệu tập thể có nằm trong mục Ứng dụng công nghệ của báo cáo không?",
                text, meta=HG)
    assert wrong.startswith("Không"), wrong
    right = ask("Việc hướng dẫn lập hồ sơ đăng ký nhãn hiệu tập thể có nằm trong mục Sở hữu trí tuệ của báo cáo không?",
                text, meta=HG)
    assert right.startswith("Có"), right


def test_whose_the_programme_carrying_out_a_coded_document_is() -> None:
    """"Kế hoạch thực hiện Chỉ thị 05-CT/TU là của ai?" asks whose the plan is, not who issued the directive."""
    assert analyze_question("Chỉ thị 05-CT/TU là của ai?").answer_type == "doc_info"
    assert analyze_question("Kế hoạch thực hiện Chỉ thị 05-CT/TU là của ai?").answer_type == "org"
    text = chunk("- Tham mưu dự thảo Kế hoạch của Đảng đoàn HĐND tỉnh thực hiện Chỉ thị số 05-CT/TU của Ban Thường vụ "
                 "Tỉnh ủy về tăng cường ứng dụng công nghệ số.", section=("I. KẾT QUẢ", "1. Công tác tham mưu"), meta=HG)
    answer = ask("Kế hoạch thực hiện Chỉ thị 05-CT/TU mà Sở tham mưu dự thảo là của ai?", text, meta=HG)
    assert answer.startswith("Đảng đoàn HĐND tỉnh [1]"), answer


def test_a_claimed_recipient_is_checked_against_the_recipient_list() -> None:
    """"Kế hoạch … có gửi UBND tỉnh không?" is "Có" from "Nơi nhận: - UBND tỉnh (b/c)", the issuer's superior or not."""
    analysis = analyze_question("Kế hoạch năm 2025 của Sở có gửi UBND tỉnh để báo cáo không?")
    assert yes_no.claimed_recipient(analysis) == "ubnd tinh" and yes_no.underlying_type(analysis) == "org"
    closing = chunk("Nơi nhận: - UBND tỉnh (b/c); - Sở Tài chính; - Các phòng, đơn vị thuộc Sở; - Lưu: VT.", section=("Nơi nhận",))
    sent = ask("Kế hoạch năm 2025 của Sở có gửi UBND tỉnh để báo cáo không?", closing)
    assert sent.startswith("Có, UBND tỉnh"), sent
    other = ask("Kế hoạch năm 2025 của Sở có gửi Bộ Công Thương không?", closing)
    assert other.startswith("Không"), other


def test_a_described_document_is_dated_wherever_its_kind_is_named() -> None:
    """"Ban Thường vụ ký chỉ thị về … lúc nào?" names the kind mid-question and asks "lúc nào"; a
    "văn bản … số 12/2019" is whatever kind its citation says. Its date beats the row's time column."""
    row = chunk("TT 4. Nội dung nhiệm vụ: Thực hiện Chỉ thị số 21-CT/TU ngày 03/8/2022 của Ban Thường vụ Tỉnh ủy về "
                "đẩy mạnh chuyển đổi số trong cơ quan đảng; Cơ quan chủ trì: Sở Thông tin và Truyền thông; "
                "Thời gian thực hiện: giai đoạn 2022-2025", section=("PHỤ LỤC",), meta=HG, row_id="4",
                fields={"Thời gian thực hiện": "giai đoạn 2022-2025"})
    answer = ask("Ha Giang: Ban Thuong vu ky chi thi ve day manh chuyen doi so trong co quan dang luc nao", row, meta=HG)
    assert answer_stated(answer, ["03/8/2022"]) and not answer_stated(answer, ["2022-2025"]), answer
    repeal = chunk("- Trình UBND tỉnh Quyết định bãi bỏ Quyết định số 12/2019/QĐ-UBND ngày 15/3/2019 của UBND tỉnh ban "
                   "hành Quy định quản lý nhiệm vụ khoa học và công nghệ cấp cơ sở.", section=("II. NHIỆM VỤ",))
    other = chunk("- Trình UBND tỉnh Quy định định kỳ đánh giá các tổ chức khoa học và công nghệ công lập.", section=("II. NHIỆM VỤ",))
    dated = ask("Van ban quy dinh quan ly nhiem vu KH&CN cap co so so 12/2019 cua Binh Dinh ra doi khi nao?", other, repeal)
    assert answer_stated(dated, ["15/3/2019"]), dated


def test_a_year_of_issue_after_ra_doi_is_the_claim_not_the_scope() -> None:
    """"Quyết định 77/QĐ-UBND … ra đời năm 2021 phải không?" claims the year it was issued: a
    passage dating it 2023 answers "Không"; it does not put the question outside 2023's documents."""
    from khcn_qa.answer.yes_no import closing_time

    assert closing_time(analyze_question("Quyết định 77/QĐ-UBND ra đời năm 2021 phải không?")) == "nam 2021"
    assert closing_time(analyze_question("Sở có tổ chức hội chợ định kỳ năm 2021 không?")) == ""
    text = chunk("- Triển khai Quyết định số 77/QĐ-UBND ngày 14/02/2023 của UBND tỉnh về phân công thực hiện "
                 "nhiệm vụ cải thiện chỉ số đổi mới sáng tạo cấp địa phương.", section=("II. NHIỆM VỤ",), meta=HG)
    answer = ask("Quyết định 77/QĐ-UBND về phân công cải thiện chỉ số đổi mới sáng tạo của Hà Giang ra đời năm 2021 phải không?",
                 text, meta=HG)
    assert answer.startswith("Không") and "14/02/2023" in answer, answer


def test_a_modifier_compound_before_nao_leaves_the_head_noun_first() -> None:
    """"Đơn vị biên phòng nào" asks a unit, not a phòng; "xã biên giới nào" asks a commune, and a
    "huyện …" never beats another passage's "xã …" for it."""
    unit = analyze_question("Đơn vị biên phòng nào được Sở hỗ trợ, đỡ đầu?")
    assert (unit.answer_type, unit.head) == ("org", "don vi")
    commune = analyze_question("xa bien gioi nao o huyen Meo Vac duoc So ho tro, do dau")
    assert (commune.answer_type, commune.head) == ("place", "xa")
    assert analyze_question("Sở phối hợp với phòng nào?").head == "phong"
    old = chunk("- Phối hợp hỗ trợ, đỡ đầu Đồn Biên phòng Lũng Cú (huyện Đồng Văn) và xã biên\ngiới Sơn Vĩ (huyện Mèo Vạc).",
                section=("II. NHIỆM VỤ",), meta=HG)
    new = chunk("- Tiếp tục hỗ trợ, đỡ đầu Xã Sơn Vĩ, huyện Mèo Vạc.", section=("II. NHIỆM VỤ",), meta=HG)
    answer = ask("xa bien gioi nao o huyen Meo Vac duoc So ho tro, do dau", old, new, meta=HG)
    assert answer.startswith("Xã Sơn Vĩ"), answer
    post = ask("Đơn vị biên phòng nào được Sở hỗ trợ, đỡ đầu?", old, meta=HG)
    assert post.startswith("Đồn Biên phòng Lũng Cú"), post


def test_the_unit_the_question_names_is_not_the_unit_of_its_kind_asked() -> None:
    """"Đối tác mà Trung tâm Tin học … hợp tác là trung tâm nào?" is the other centre; "Trung tâm nào
    của Sở … hợp tác với Viện X?" may still be the Sở's own centre, whose words the question scatters."""
    text = chunk("- Triển khai các nội dung hợp tác giữa Trung tâm Tin học và Thông tin KH&CN và Trung tâm Kiểm định "
                 "Đo lường Hà Giang.", section=("II. NHIỆM VỤ",), meta=HG)
    partner = ask("Đối tác mà Trung tâm Tin học và Thông tin KH&CN triển khai nội dung hợp tác là trung tâm nào?", text, meta=HG)
    assert partner.startswith("Trung tâm Kiểm định Đo lường Hà Giang"), partner
    own = ask("Trung tâm nào của Sở Thông tin KH&CN tin học hợp tác với Trung tâm Kiểm định Đo lường?", text, meta=HG)
    assert own.startswith("Trung tâm Tin học và Thông tin KH&CN"), own


def test_an_aspect_asked_is_said_by_the_sentence_opening_with_it() -> None:
    """"Kết quả là gì khi thẩm định 40 hồ sơ?": the topic sentence sets the scene, the next one,
    opening with "Kết quả", says it; an aspect the passage gives no sentence of its own changes nothing."""
    text = chunk("Đã thẩm định 40 hồ sơ đề nghị hỗ trợ đổi mới công nghệ của 12 doanh nghiệp. Kết quả có 35 hồ sơ "
                 "đủ điều kiện hỗ trợ.\n\nII. PHƯƠNG HƯỚNG", section=("I. KẾT QUẢ", "3. Quản lý công nghệ"), meta=HG)
    answer = ask("ket qua la gi khi tham dinh 40 ho so ho tro doi moi cong nghe o Ha Giang", text, meta=HG)
    assert answer_stated(answer, ["35 hồ sơ đủ điều kiện"]), answer
    plain = chunk("Đã thẩm định 40 hồ sơ đề nghị hỗ trợ đổi mới công nghệ của 12 doanh nghiệp. Năm 2025 tiếp tục "
                  "thẩm định hồ sơ mới.", section=("I. KẾT QUẢ",), meta=HG)
    other = ask("ket qua la gi khi tham dinh 40 ho so ho tro doi moi cong nghe o Ha Giang", plain, meta=HG)
    assert "Năm 2025" not in other, other


def test_a_verb_after_the_document_noun_leaves_the_head_to_the_object() -> None:
    """"Quyết định 15/QĐ-UBND là kế hoạch thực hiện chương trình gì?" asks the programme, not a plan."""
    analysis = analyze_question("Quyết định 15/QĐ-UBND là kế hoạch thực hiện chương trình gì?")
    assert analysis.answer_type != "doc_ref" and analysis.head == "chuong trinh"
    assert analyze_question("Quyết định giao dự toán ngân sách nào được ký năm 2025?").answer_type == "doc_ref"
    text = chunk("- Thực hiện Quyết định số 15/QĐ-UBND ngày 02/3/2021 của UBND tỉnh ban hành Kế hoạch thực hiện Chương "
                 "trình hành động phát triển kinh tế số của Chính phủ theo Nghị quyết số 50/NQ-CP ngày 10/2/2021.",
                 section=("II. NHIỆM VỤ",), meta=HG)
    answer = ask("Quyết định 15/QĐ-UBND là kế hoạch thực hiện chương trình gì?", text, meta=HG)
    assert answer_stated(answer, ["phát triển kinh tế số"]), answer


def test_what_a_thing_becomes_follows_thanh() -> None:
    """"Trạm … được phát triển thành mô hình gì?" against "Phát triển Trạm thực nghiệm Đồng Văn thành
    điểm du lịch nông nghiệp …": the verb and "thành" sit apart in the passage."""
    text = chunk("- Phát triển Trạm thực nghiệm giống cây trồng Đồng Văn thành điểm du lịch nông nghiệp gắn với "
                 "trải nghiệm của học sinh.", section=("II. NHIỆM VỤ", "5. Tiềm lực KH&CN"), meta=HG)
    answer = ask("Tram thuc nghiem Dong Van se duoc phat trien thanh mo hinh gi?", text, meta=HG)
    assert answer_stated(answer, ["điểm du lịch nông nghiệp"]), answer


def test_what_is_set_aside_after_the_question_word_is_not_the_answer() -> None:
    """"Thanh tra Sở còn phải rà soát gì ngoài tham mưu nhiệm vụ của Ban chỉ đạo 12?" is the next
    item; a sentence that only opens with the set-aside part ("Ngoài …, đề nghị …") still answers."""
    assert analyze_question("Thanh tra Sở còn phải rà soát gì ngoài tham mưu nhiệm vụ của Ban chỉ đạo 12?").excluded
    duties = chunk("4. Thanh tra Sở\n- Tham mưu thực hiện tốt các nhiệm vụ của Ban chỉ đạo 12.\n- Rà soát văn bản quy phạm "
                   "pháp luật của ngành giai đoạn 2020 - 2025.", section=("II. NHIỆM VỤ", "4. Thanh tra Sở"), meta=HG)
    answer = ask("Thanh tra Sở còn phải rà soát gì ngoài tham mưu nhiệm vụ của Ban chỉ đạo 12?", duties, meta=HG)
    assert answer.startswith("Rà soát văn bản quy phạm pháp luật"), answer


def test_an_abbreviated_document_kind_before_so_may_asks_its_number() -> None:
    """"… theo NQ số mấy của Chính phủ?", "… theo KH mấy/KH-UBND?" ask a code, as "nghị quyết số mấy" does;
    "KH" elsewhere ("PII trong KH 2024 là chỉ số gì") heads nothing."""
    for question, head in (("Quyết định 15/QĐ-UBND về cắt giảm chi phí theo NQ số mấy của Chính phủ?", "nq"),
                           ("Sở làm đề án văn hóa công vụ theo KH mấy/KH-UBND, ký 02/3/2021?", "kh")):
        analysis = analyze_question(question)
        assert (analysis.answer_type, analysis.head) == ("doc_ref", head), question
    assert analyze_question("PII trong KH 2025 la chi so gi").head == "chi so"
    assert analyze_question("Năm 2025 có mấy doanh nghiệp được hỗ trợ?").answer_type == "number"
    text = chunk("- Thực hiện Quyết định số 15/QĐ-UBND ngày 02/3/2021 của UBND tỉnh về cắt giảm chi phí cho doanh "
                 "nghiệp theo Nghị quyết số 68/NQ-CP ngày 12/5/2020 của Chính phủ.", section=("II. NHIỆM VỤ",), meta=HG)
    answer = ask("Quyết định 15/QĐ-UBND về cắt giảm chi phí theo NQ số mấy của Chính phủ?", text, meta=HG)
    assert answer_stated(answer, ["68/NQ-CP"]), answer


def test_hom_nao_asks_a_day_and_a_bare_number_names_the_document() -> None:
    """"UBND ký kế hoạch 77 thực hiện chương trình 12 vào hôm nào?": "hôm nào" is "ngày nào", and
    "kế hoạch 77" names "Kế hoạch số 77/KH-UBND ngày 03/4/2024" without "số"."""
    analysis = analyze_question("UBND ký kế hoạch 77 thực hiện chương trình 12 vào hôm nào?")
    assert analysis.answer_type == "time"
    row = chunk("TT 2. Nội dung nhiệm vụ: Triển khai Kế hoạch số 77/KH-UBND ngày 03/4/2024 của UBND tỉnh thực hiện "
                "Chương trình hành động số 12-CTr/TU; Thời gian thực hiện: Sau khi được phê duyệt",
                section=("PHỤ LỤC",), meta=HG, row_id="2", fields={"Thời gian thực hiện": "Sau khi được phê duyệt"})
    answer = ask("UBND ký kế hoạch 77 thực hiện chương trình 12 vào hôm nào?", row, meta=HG)
    assert answer_stated(answer, ["03/4/2024"]), answer
