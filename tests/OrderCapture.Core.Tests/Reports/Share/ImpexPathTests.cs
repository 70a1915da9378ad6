using OrderCapture.Core.Reports.Share;

namespace OrderCapture.Core.Tests.Reports.Share;

public sealed class ImpexPathTests
{
    [TestCase("20261205_offline_MySite.json", "", "20261205_offline_MySite.json")]
    [TestCase("work/offline_MySite_20261205_060122_b7353.json", "work", "offline_MySite_20261205_060122_b7353.json")]
    [TestCase("quarantine/20261204_reserved_MySite.json", "quarantine", "20261204_reserved_MySite.json")]
    [TestCase("work/.tmp-5f547857b7654c3e9923d59b52a3d842", "work", ".tmp-5f547857b7654c3e9923d59b52a3d842")]
    public void A_report_path_is_split_into_its_folder_and_its_name(string path, string folder, string name) =>
        Assert.That(ImpexPath.Check(path), Is.EqualTo((folder, name)));

    [TestCase("../secrets.json")]
    [TestCase("work/../../x.json")]
    [TestCase("work/sub/x.json")]
    [TestCase("other/x.json")]
    [TestCase("/etc/passwd")]
    [TestCase("work/x.json\n")]
    [TestCase("work/")]
    [TestCase("")]
    public void A_path_outside_the_reports_folder_or_not_a_report_name_is_refused(string path) =>
        Assert.That(() => ImpexPath.Check(path), Throws.InvalidOperationException.With.Message.Contains("IMPEX reports folder"));
}
