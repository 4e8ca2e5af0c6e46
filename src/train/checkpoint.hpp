// What a training checkpoint holds beyond a model file (nn/model_file.hpp):
// the optimiser's state, as metadata "seqgen.optimizer" (config and step
// count) and tensors opt.s1..s3 of the parameter vector's length.
#pragma once
#include <string>

#include "core/safetensors.hpp"
#include "train/optimizer.hpp"

namespace seqgen {

void optimizer_pack(TensorFile& f, const Optimizer& opt);
void optimizer_unpack(const TensorFile& f, const std::string& path, size_t n_params, Optimizer& opt);

}  // namespace seqgen
