from stemcharter.common.markdown import render_markdown


def test_renders_markdown():
    html = render_markdown("## Our promise\n\nWe **commit** to [STEM](https://example.org).")
    assert "<h2>Our promise</h2>" in html
    assert "<strong>commit</strong>" in html
    assert 'href="https://example.org"' in html
    assert 'rel="noopener noreferrer"' in html


def test_removes_script_elements_and_their_content():
    html = render_markdown("Hello\n\n<script>alert('x')</script>\n\nBye")
    assert "<script" not in html
    assert "alert" not in html
    assert "Hello" in html
    assert "Bye" in html


def test_removes_event_handler_attributes():
    html = render_markdown(
        'Text <img src="x" onerror="alert(1)"> and <a href="https://example.org" '
        'onclick="steal()">link</a>\n\n<p onmouseover="alert(2)">para</p>'
    )
    assert "onerror" not in html
    assert "onclick" not in html
    assert "onmouseover" not in html
    assert "<img" not in html
    assert "link" in html


def test_removes_javascript_links():
    html = render_markdown("[click](javascript:alert(1)) <a href='javascript:alert(2)'>x</a>")
    assert "javascript:" not in html


def test_removes_style_and_iframes():
    html = render_markdown('<style>body{display:none}</style><iframe src="https://evil"></iframe>')
    assert "<style" not in html
    assert "<iframe" not in html
    assert "display:none" not in html


def test_empty_text():
    assert render_markdown("") == ""
