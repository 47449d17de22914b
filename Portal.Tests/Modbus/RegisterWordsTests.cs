using Portal.Modbus;

namespace Portal.Tests.Modbus;

public sealed class RegisterWordsTests
{
    [Fact]
    public void Float32_is_decoded_high_word_first()
    {
        Assert.Equal(230.0f, RegisterWords.ToFloat32(0x4366, 0x0000));
        Assert.Equal(123456.0f, RegisterWords.ToFloat32(0x47F1, 0x2000));
    }

    [Fact]
    public void Float32_keeps_the_sign_of_exported_power()
    {
        Assert.Equal(-1500.5f, RegisterWords.ToFloat32(0xC4BB, 0x9000));
    }

    [Fact]
    public void Float32_NaN_from_the_meter_stays_NaN()
    {
        Assert.True(float.IsNaN(RegisterWords.ToFloat32(0x7FC0, 0x0000)));
        Assert.True(float.IsNaN(RegisterWords.ToFloat32(0xFFFF, 0xFFFF)));
    }

    [Fact]
    public void Float32_encoding_is_the_inverse_of_decoding()
    {
        Span<ushort> words = stackalloc ushort[2];
        RegisterWords.WriteFloat32(5.0f, words);
        Assert.Equal([(ushort)0x40A0, (ushort)0x0000], words.ToArray());
        RegisterWords.WriteFloat32(49.98f, words);
        Assert.Equal(49.98f, RegisterWords.ToFloat32(words));
    }
}
