using OrderCapture.Core.Orders;

namespace OrderCapture.Core.Tests.Orders;

/// <summary>Names are whole-string allow-lists; free text is stored without anything a reader could choke on.</summary>
public sealed class InputSafetyTests
{
    [TestCase("NL-1\n")]
    [TestCase("NL-1\r\n")]
    [TestCase("\nNL-1")]
    [TestCase("NL-1\u0000")]
    [TestCase("")]
    public void A_name_with_a_trailing_newline_or_anything_outside_the_list_is_refused(string name)
    {
        Assert.Multiple(() =>
        {
            Assert.That(Names.IsValidOrderNo(name), Is.False);
            Assert.That(Names.IsValidSite(name), Is.False);
            Assert.That(Names.IsValidInventoryListId(name + "x"), Is.False);
        });
    }

    [Test]
    public void A_good_name_is_taken() =>
        Assert.That(Names.IsValidOrderNo("NL-1") && Names.IsValidSite("My_Site-2") && Names.IsValidInventoryListId("store-042"), Is.True);

    [Test]
    public void Control_characters_become_spaces_and_what_XML_cannot_carry_becomes_a_replacement_character()
    {
        var cleaned = FreeText.Clean("a\u0001b\nc\td\u007f\ud800e\uffff 😀");

        Assert.Multiple(() =>
        {
            Assert.That(cleaned, Is.EqualTo("a b c d \ufffde\ufffd 😀"));
            Assert.That(() => System.Xml.XmlConvert.VerifyXmlChars(cleaned), Throws.Nothing);
            Assert.That(FreeText.Clean("plain text"), Is.SameAs("plain text").Or.EqualTo("plain text"));
            Assert.That(FreeText.Clean(null), Is.Null);
        });
    }
}
