using DispenseStation.Gateway.Sparkplug;
using DispenseStation.Gateway.Tests.Support;

namespace DispenseStation.Gateway.Tests.Sparkplug;

public sealed class BdSeqStoreTests
{
    [Fact]
    public void BdSeq_starts_at_zero_and_continues_across_restarts()
    {
        using var dir = new TempDir("ds-bdseq-");
        var path = dir.File("state/bdseq");
        Assert.Equal(0, new BdSeqStore(path).Next());
        Assert.Equal(1, new BdSeqStore(path).Next());   // a new process: a new store on the same file
        var store = new BdSeqStore(path);
        Assert.Equal(2, store.Next());
        Assert.Equal((byte)2, new BdSeqStore(path).Last());
    }

    [Fact]
    public void BdSeq_wraps_from_255_to_0()
    {
        using var dir = new TempDir("ds-bdseq-");
        var path = dir.File("bdseq");
        File.WriteAllText(path, "254");
        Assert.Equal(255, new BdSeqStore(path).Next());
        Assert.Equal(0, new BdSeqStore(path).Next());
    }

    [Theory]
    [InlineData("256")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("")]
    public void An_unreadable_file_starts_the_count_again(string content)
    {
        using var dir = new TempDir("ds-bdseq-");
        var path = dir.File("bdseq");
        File.WriteAllText(path, content);
        Assert.Null(new BdSeqStore(path).Last());
        Assert.Equal(0, new BdSeqStore(path).Next());
    }
}
