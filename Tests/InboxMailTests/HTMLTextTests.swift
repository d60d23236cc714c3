import Testing
@testable import InboxMail

@Suite struct HTMLTextTests {
    @Test func dropsInvisibleContent() {
        let html = """
            <!DOCTYPE html><html><head><title>T</title><style>p{color:red}</style>
            <meta charset="utf-8"></head><body><!-- a comment --><script>alert("x<p>")</script>
            <p>Visible</p><noscript></noscript><STYLE>.x{}</STYLE></body></html>
            """
        #expect(HTMLText.text(html) == "Visible")
    }

    @Test func blocksListsAndTables() {
        let html = """
            <h1>Title</h1><p>First   paragraph
            spanning lines.</p><div>Div line</div>Line<br>break<br><br>after
            <ul><li>one</li><li>two</li></ul>
            <table><tr><th>Name</th><th>Qty</th></tr><tr><td>Apple</td><td>3</td></tr></table>
            """
        #expect(
            HTMLText.text(html) == """
                Title

                First paragraph spanning lines.

                Div line
                Line
                break

                after

                • one
                • two

                Name | Qty
                Apple | 3
                """)
    }

    @Test func linksAreFootnoted() {
        let html = """
            <p>See <a href="https://example.com/docs">the docs</a> and <a href='https://example.com/docs'>again</a>,
            <a href="https://example.com">https://example.com</a>, <a href="mailto:help@example.com">help@example.com</a>,
            <a href="#top">top</a>, <a href="https://x.example/?a=1&amp;b=2">x</a>.</p>
            """
        #expect(
            HTMLText.text(html) == """
                See the docs [1] and again [1], https://example.com, help@example.com, top, x [2].

                [1] https://example.com/docs
                [2] https://x.example/?a=1&b=2
                """)
    }

    @Test func entities() {
        #expect(
            HTMLText.text(
                "a&nbsp;b &amp; c &lt;d&gt; &quot;e&quot; &apos;f&apos; &euro;5 &auml;&Ouml;&szlig; &#8364;&#x20AC; &copy &bogus; &#150;"
            )
                == "a b & c <d> \"e\" 'f' €5 äÖß €€ © &bogus; –")
    }

    @Test func preKeepsWhitespace() {
        #expect(HTMLText.text("<p>x</p><pre>  a\n    b</pre><p>y</p>") == "x\n\n  a\n    b\n\ny")
    }

    @Test func malformedHTMLIsLinear() {
        let bad = String(repeating: "<a href=\"x\"><div <<< & &# &#x; <!-- ", count: 20_000)
        let t = timed { _ = HTMLText.text(bad) }
        #expect(t < 1.0)
        #expect(HTMLText.text("1 < 2 and 3 > 2") == "1 < 2 and 3 > 2")
        #expect(HTMLText.text("<p>unclosed <b>bold") == "unclosed bold")
    }

    @Test func htmlOnlyMessage() {
        let m = MessageParser.parse(
            message(["Content-Type: text/html; charset=iso-8859-1\n\n<p>Caf", [UInt8(0xE9)], "&nbsp;ok</p>"] as [Any]))
        #expect(m.hasHTML)
        #expect(m.text == "Café ok")
    }
}

@Suite struct FlowedTextTests {
    @Test func unwrapsFlowedParagraphs() {
        let text = "This is a long \nparagraph that \nflows.\nNew line.\n\n> quoted \n> text\n>> deeper\n-- \nsig\n"
        #expect(
            FlowedText.unwrap(text, deleteSpace: false)
                == "This is a long paragraph that flows.\nNew line.\n\n> quoted text\n>> deeper\n-- \nsig\n")
    }

    @Test func delSpAndSpaceStuffing() {
        #expect(FlowedText.unwrap("Ger \nman\n From here\n", deleteSpace: true) == "German\nFrom here\n")
    }

    @Test func messageWithFormatFlowed() {
        let m = MessageParser.parse(
            message(
                "Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes\n\nJoined \ntogether\r\nsecond\n"))
        #expect(m.text == "Joinedtogether\nsecond\n")
        let m2 = MessageParser.parse(
            message("Content-Type: text/plain; format=flowed\n\nJoined \ntogether\n", crlf: true))
        #expect(m2.text == "Joined together\n")
    }
}
